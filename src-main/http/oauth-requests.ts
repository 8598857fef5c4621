// What Gatehouse reads or rewrites in a request before oidc-provider sees it: the
// redirect URIs of a dynamic registration (https or loopback only), the resource scopes
// oidc-provider cannot take in client metadata, and the default scope of a request that
// names a resource but no scope. A rewritten body goes to oidc-provider as `req.body`
// (its documented fallback for a body already read).
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registeredRedirectUriProblem } from '../core/oauth/client-metadata';
import { wantsDefaultScope, withDefaultScope } from '../core/oauth/default-scope';
import { BodyError, readBody } from './body';
import { sendJson } from './respond';

// oidc-provider's own limit for a body.
const BODY_LIMIT = 56 * 1024;

type ServerOf = (resource: string) => string | null;

/** Hands a (rewritten) body to oidc-provider, which reads req.body once the stream has ended. */
async function handOn(req: IncomingMessage, body: string): Promise<void> {
  (req as IncomingMessage & { body?: Buffer }).body = Buffer.from(body, 'utf8');
  if (req.readable) await once(req, 'end');
}

async function bodyOrRefuse(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  try {
    return await readBody(req, BODY_LIMIT);
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    sendJson(res, e.status, { error: 'invalid_request', error_description: e.message });
    return null;
  }
}

/**
 * A dynamic registration: refused with invalid_redirect_uri when a redirect URI is not
 * https or loopback http; otherwise passed on without resource scopes. MCP SDK clients
 * register with `scope` set to the resource's scope (`mcp:NAME`); oidc-provider accepts in
 * client metadata only its static scopes (openid, offline_access) and would refuse the
 * registration. Resource scopes are granted per resource at consent and bounded by the
 * client's rules, never by its registered `scope`, so they are dropped from it here.
 */
export async function prepareRegistration(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const text = await bodyOrRefuse(req, res);
  if (text === null) return false;
  let md: unknown;
  try {
    md = JSON.parse(text);
  } catch {
    // Not JSON: oidc-provider answers with its own error.
    await handOn(req, text);
    return true;
  }
  if (!md || typeof md !== 'object' || Array.isArray(md)) {
    await handOn(req, text);
    return true;
  }
  const o = md as { scope?: unknown; redirect_uris?: unknown };
  const problem = Array.isArray(o.redirect_uris) ? o.redirect_uris.map(registeredRedirectUriProblem).find((p) => p !== null) : undefined;
  if (problem) {
    sendJson(res, 400, { error: 'invalid_redirect_uri', error_description: problem });
    return false;
  }
  if (typeof o.scope === 'string') {
    const kept = o.scope.split(' ').filter((s) => s && !s.startsWith('mcp:'));
    if (kept.length) o.scope = kept.join(' ');
    else delete o.scope;
  }
  await handOn(req, JSON.stringify(o));
  return true;
}

/** GET /oauth/authorize without scope: the resource's scope, in the query oidc-provider reads. */
export function defaultScopeInQuery(req: IncomingMessage, url: URL, serverOf: ServerOf): void {
  const params = new URLSearchParams(url.search);
  if (wantsDefaultScope('authorization', params) && withDefaultScope(params, serverOf)) req.url = `${url.pathname}?${params}`;
}

/** A form POST (token, authorization, PAR) without scope: the resource's scope. False when it answered with an error. */
export async function defaultScopeInForm(req: IncomingMessage, res: ServerResponse, endpoint: 'authorization' | 'token' | 'par', serverOf: ServerOf): Promise<boolean> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return true;
  const text = await bodyOrRefuse(req, res);
  if (text === null) return false;
  const params = new URLSearchParams(text);
  const changed = wantsDefaultScope(endpoint, params) && withDefaultScope(params, serverOf);
  await handOn(req, changed ? params.toString() : text);
  return true;
}
