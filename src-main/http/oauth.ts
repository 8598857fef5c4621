// Mounts the OAuth AS on the one HTTP server: oidc-provider under /oauth and the two
// metadata documents, Gatehouse's own introspection and revocation, and the consent page.
// Cross-origin POSTs are allowed here (token requests come from MCP clients, not pages
// of this origin); the consent form defends itself with Origin and CSRF checks.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Core } from '../core';
import { OAuthEngine } from '../core/oauth/engine';
import { CONSENT_PATH, ROUTES } from '../core/oauth/provider-config';
import { BodyError, readBody } from './body';
import { createConsentHandler } from './oauth-consent';
import { errorPage } from './oauth-pages';
import { handleTokenEndpoint } from './oauth-token-endpoints';
import { sendJson } from './respond';
import type { RouteHandler } from './router';
import type { GatehouseHttpServer } from './server';

export function mountOAuth(http: GatehouseHttpServer, core: Core, gatewayBase: string, face: 'desktop' | 'serve' = 'serve'): OAuthEngine {
  const engine = new OAuthEngine({ core, issuer: http.url, gatewayBase, errorPage: (e, d) => errorPage(e, d, '') });
  const as: RouteHandler = async (req, res, ctx) => {
    const path = ctx.url.pathname;
    if (path === ROUTES.introspection) return handleTokenEndpoint(req, res, 'introspect', engine);
    if (path === ROUTES.revocation) return handleTokenEndpoint(req, res, 'revoke', engine);
    if (path === ROUTES.registration && req.method === 'POST') {
      try {
        await withoutResourceScopes(req);
      } catch (e) {
        if (!(e instanceof BodyError)) throw e;
        return sendJson(res, e.status, { error: 'invalid_request', error_description: e.message });
      }
    }
    await engine.handle(req, res);
  };
  http.mount('/oauth', as, { crossOrigin: 'allow' });
  http.mount('/.well-known/oauth-authorization-server', as, { crossOrigin: 'allow' });
  http.mount('/.well-known/openid-configuration', as, { crossOrigin: 'allow' });
  http.mount(CONSENT_PATH, createConsentHandler({ engine, adminSession: (req) => http.adminSession(req), face }), { crossOrigin: 'allow' });
  return engine;
}

/**
 * MCP SDK clients register with `scope` set to the resource's scope (`mcp:NAME`, from the
 * 401 challenge or the resource metadata). oidc-provider accepts in client metadata only
 * its static scopes (openid, offline_access) and refuses such a registration with
 * invalid_client_metadata. Resource scopes are granted per resource at consent and bounded
 * by the client's rules, never by its registered `scope`, so they are dropped from it here.
 * oidc-provider then reads the rewritten body from `req.body` (its documented fallback for
 * a body already read).
 */
async function withoutResourceScopes(req: IncomingMessage): Promise<void> {
  const text = await readBody(req, 56 * 1024);
  let body = text;
  try {
    const md = JSON.parse(text) as unknown;
    if (md && typeof md === 'object' && typeof (md as { scope?: unknown }).scope === 'string') {
      const o = md as { scope?: string };
      const kept = o.scope!.split(' ').filter((s) => s && !s.startsWith('mcp:'));
      if (kept.length) o.scope = kept.join(' ');
      else delete o.scope;
      body = JSON.stringify(o);
    }
  } catch {
    // Not JSON: oidc-provider answers with its own error.
  }
  (req as IncomingMessage & { body?: Buffer }).body = Buffer.from(body, 'utf8');
  // oidc-provider reads req.body only once the stream is no longer readable.
  if (req.readable) await once(req, 'end');
}
