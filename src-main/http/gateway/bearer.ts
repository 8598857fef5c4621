// Bearer credentials at the gateway (RFC 6750): where a token may come from, and the
// challenges that tell a client where to get one (RFC 9728 resource metadata).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../../core/policy/enforcer';
import { sendJson } from '../respond';

export type BearerCheck =
  | { ok: true; principal: Principal; scopes: string[] | null }
  | { ok: false; status: 400 | 401 | 403; error: 'invalid_request' | 'invalid_token' | 'insufficient_scope'; description: string };

/** Verifies one kind of bearer token for a resource; returns null when the token is not of its kind. */
export type BearerVerifier = (token: string, resource: string, server: string) => Promise<BearerCheck | null> | BearerCheck | null;

/** The token of `Authorization: Bearer …`, or null. Only the header is accepted. */
export function bearerOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(h.trim());
  return m ? m[1]! : null;
}

export function scopeOf(server: string): string {
  return `mcp:${server}`;
}

export function metadataUrl(origin: string, server: string): string {
  return `${origin}/.well-known/oauth-protected-resource/mcp/${encodeURIComponent(server)}`;
}

/** 401/403/400 with the WWW-Authenticate challenge a client can act on. */
export function challenge(
  res: ServerResponse,
  origin: string,
  server: string,
  failure: { status: number; error?: string; description?: string },
): void {
  const parts = [`resource_metadata="${metadataUrl(origin, server)}"`, `scope="${scopeOf(server)}"`];
  if (failure.error) parts.unshift(`error="${failure.error}"`);
  if (failure.description) parts.push(`error_description="${headerSafe(failure.description)}"`);
  sendJson(
    res,
    failure.status,
    { error: failure.error ?? 'unauthorized', error_description: failure.description ?? 'a bearer token is required' },
    { 'WWW-Authenticate': `Bearer ${parts.join(', ')}` },
  );
}

/** A header's quoted-string holds visible ASCII only (a non-ASCII character made Node throw: a 500 instead of the 401). */
function headerSafe(text: string): string {
  return text.replace(/…/g, '...').replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
}
