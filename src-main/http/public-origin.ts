// How a request addressed this server. On loopback, its Host header says it. Behind a
// load balancer that ends TLS, the public URL (`serve --public-url`) says it: the
// issuer, resource URLs, the admin URL and cookies use it, whatever replica answers.
// X-Forwarded-Proto/-Host/-For are believed only with `--trust-proxy`, and then only
// the value the nearest proxy added (the last one): a client can put anything before it.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface PublicUrl {
  /** `https://gh.example.com` (no trailing slash, no path). */
  origin: string;
  secure: boolean;
  /** The Host header values that name it: `gh.example.com` and `gh.example.com:443`. */
  hosts: string[];
}

/** Parses `--public-url`; throws an Error whose message names the fix. */
export function parsePublicUrl(raw: string): PublicUrl {
  const u = URL.parse(raw);
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
    throw new Error(`--public-url must be an http(s) URL such as https://gatehouse.example.com (got ${JSON.stringify(raw)})`);
  }
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new Error(
      `--public-url must be an origin only, scheme://host[:port], with no path, query or credentials (got ${JSON.stringify(raw)}); ` +
        'serve Gatehouse at the root of its own host name',
    );
  }
  const secure = u.protocol === 'https:';
  const hosts = [u.host];
  if (!u.port) hosts.push(`${u.host}:${secure ? 443 : 80}`);
  return { origin: u.origin, secure, hosts };
}

export interface Addressing {
  publicUrl: PublicUrl | null;
  trustProxy: boolean;
}

export interface RequestView {
  /** The host the client asked for (Host, or the proxy's X-Forwarded-Host), lower-cased; null when ambiguous. */
  host: string | null;
  /** The scheme the client used, when a trusted proxy said so. */
  proto: 'http' | 'https' | null;
  /** The client's address: the socket's, or the one the trusted proxy saw. */
  client: string;
}

export function viewOf(req: IncomingMessage, trustProxy: boolean): RequestView {
  const hosts = req.headersDistinct.host;
  let host = hosts?.length === 1 ? (hosts[0] ?? '').toLowerCase() : null;
  let proto: RequestView['proto'] = null;
  let client = req.socket.remoteAddress ?? '';
  if (!trustProxy) return { host, proto, client };
  const fwdHost = lastValue(req, 'x-forwarded-host');
  if (fwdHost !== undefined) host = fwdHost.toLowerCase();
  const fwdProto = lastValue(req, 'x-forwarded-proto')?.toLowerCase();
  if (fwdProto === 'http' || fwdProto === 'https') proto = fwdProto;
  const fwdFor = lastValue(req, 'x-forwarded-for');
  if (fwdFor !== undefined && isIP(stripPort(fwdFor))) client = stripPort(fwdFor);
  return { host, proto, client };
}

/** The origin this request's URLs are built on: the public URL when there is one. */
export function originOf(host: string, addressing: Addressing): string {
  return addressing.publicUrl?.origin ?? `http://${host}`;
}

/**
 * A request that reached the load balancer over plain http while the public URL is
 * https: the URL to send it to instead (GET and HEAD), or true to refuse it.
 */
export function insecureArrival(req: IncomingMessage, view: RequestView, addressing: Addressing): string | true | null {
  if (!addressing.publicUrl?.secure || view.proto !== 'http') return null;
  if (req.method !== 'GET' && req.method !== 'HEAD') return true;
  return `${addressing.publicUrl.origin}${req.url ?? '/'}`;
}

/**
 * What oidc-provider (Koa, told to trust proxies) reads to build its URLs and decide
 * on Secure cookies: overwritten with what this server decided, so neither a client's
 * own X-Forwarded-* header nor the proxy's raw one ever reaches it.
 */
export function canonicalizeForwarded(req: IncomingMessage, origin: string, client: string): void {
  const u = new URL(origin);
  req.headers['x-forwarded-proto'] = u.protocol.slice(0, -1);
  req.headers['x-forwarded-host'] = u.host;
  req.headers['x-forwarded-for'] = client;
}

function lastValue(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  if (!values || values.length === 0) return undefined;
  const parts = values.join(',').split(',').map((v) => v.trim()).filter(Boolean);
  return parts.at(-1);
}

function stripPort(address: string): string {
  // "[::1]:1234" or "1.2.3.4:1234" → the address alone; a bare IPv6 address stays whole.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  return /^[\d.]+:\d+$/.test(address) ? address.slice(0, address.lastIndexOf(':')) : address;
}
