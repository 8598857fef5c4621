// Checks every request passes before it reaches a mount: a well-formed target,
// a Host header naming this server (DNS rebinding), and, for state-changing
// methods, an Origin equal to our own (CSRF from pages in the user's browser).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Refusal = { status: number; code: string; message: string };

/** `host` as it appears in a Host header or URL authority: IPv6 literals in brackets. */
export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host.toLowerCase();
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** Every `host:port` value this server answers to. */
export function allowedHostHeaders(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (!isWildcardHost(host)) names.add(hostForUrl(host));
  const allowed = new Set([...names].map((n) => `${n}:${port}`));
  for (const e of extra) allowed.add(e.toLowerCase());
  return allowed;
}

/** Refuses absolute-form and asterisk-form targets and dot segments (raw or percent-encoded). */
export function checkTarget(rawUrl: string | undefined): Refusal | null {
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
    return { status: 400, code: 'BAD_REQUEST', message: 'bad request target' };
  }
  const path = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (/(^|\/|%2f|%5c|\\)(\.|%2e){1,2}(\/|%2f|%5c|\\|$)/i.test(path) || /%00|\0/i.test(path)) {
    return { status: 400, code: 'BAD_REQUEST', message: 'path not allowed' };
  }
  return null;
}

/**
 * State-changing requests must come from our own origin. Browsers send `Origin`
 * on every cross-origin request and on same-origin POSTs, so a missing Origin is
 * refused as well (non-browser callers go through mounts that allow cross-origin).
 */
export function checkSameOrigin(req: IncomingMessage, ownOrigin: string): Refusal | null {
  const site = single(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    // Sites ignore ports: another service on loopback is "same-site" and still hostile.
    return { status: 403, code: 'FORBIDDEN', message: 'cross-site request refused' };
  }
  if (!STATE_CHANGING.has(req.method ?? '')) return null;
  const origin = single(req, 'origin');
  if (origin === undefined) return { status: 403, code: 'FORBIDDEN', message: 'missing Origin header; cross-site request refused' };
  if (origin.toLowerCase() !== ownOrigin) return { status: 403, code: 'FORBIDDEN', message: 'cross-origin request refused' };
  return null;
}

export function isStateChanging(method: string | undefined): boolean {
  return STATE_CHANGING.has(method ?? '');
}

function single(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  if (!values || values.length === 0) return undefined;
  // Two values for a header that must have one: treat as hostile.
  return values.length === 1 ? values[0] : '\0invalid';
}
