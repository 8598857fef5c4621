// Mounts the OAuth AS on the one HTTP server: oidc-provider under /oauth and the two
// metadata documents, Gatehouse's own introspection and revocation, and the consent page.
// Cross-origin POSTs are allowed here (token requests come from MCP clients, not pages
// of this origin); the consent form defends itself with Origin and CSRF checks.
import type { Core } from '../core';
import { OAuthEngine } from '../core/oauth/engine';
import { CONSENT_PATH, ROUTES } from '../core/oauth/provider-config';
import { createConsentHandler } from './oauth-consent';
import { defaultScopeInForm, defaultScopeInQuery, prepareRegistration } from './oauth-requests';
import { errorPage } from './oauth-pages';
import { handleTokenEndpoint } from './oauth-token-endpoints';
import type { RouteHandler } from './router';
import type { GatehouseHttpServer } from './server';
import { oauthStoreOf } from '../core/oauth';

export function mountOAuth(http: GatehouseHttpServer, core: Core, gatewayBase: string, face: 'desktop' | 'serve' = 'serve'): OAuthEngine {
  // The first signing key, made once however many replicas start at once.
  oauthStoreOf(core).keys.ensureCurrent();
  const engine = new OAuthEngine({ core, issuer: http.url, gatewayBase, errorPage: (e, d) => errorPage(e, d, '') });
  const serverOf = (resource: string) => engine.resources.serverOf(resource);
  const as: RouteHandler = async (req, res, ctx) => {
    const path = ctx.url.pathname;
    if (path === ROUTES.introspection) return handleTokenEndpoint(req, res, 'introspect', engine);
    if (path === ROUTES.revocation) return handleTokenEndpoint(req, res, 'revoke', engine);
    if (req.method === 'POST') {
      // Each returns false when it answered the request itself (a refusal).
      if (path === ROUTES.registration && !(await prepareRegistration(req, res))) return;
      const endpoint = path === ROUTES.token ? 'token' : path === ROUTES.authorization ? 'authorization' : path === ROUTES.pushed_authorization_request ? 'par' : null;
      if (endpoint && !(await defaultScopeInForm(req, res, endpoint, serverOf))) return;
    } else if (path === ROUTES.authorization) {
      defaultScopeInQuery(req, ctx.url, serverOf);
    }
    await engine.handle(req, res);
  };
  http.mount('/oauth', as, { crossOrigin: 'allow' });
  http.mount('/.well-known/oauth-authorization-server', as, { crossOrigin: 'allow' });
  http.mount('/.well-known/openid-configuration', as, { crossOrigin: 'allow' });
  http.mount(CONSENT_PATH, createConsentHandler({ engine, adminSession: (req) => http.adminSession(req), face }), { crossOrigin: 'allow' });
  return engine;
}
