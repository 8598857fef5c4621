// The /admin mount: sign-in with a one-time link, the admin API and the built UI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_API_PREFIX } from '../../src-preload/contract';
import type { AdminApi } from '../api';
import { handleAdminApi } from './admin-api';
import { pages } from './admin-pages';
import type { AdminSessions } from './admin-sessions';
import { StaticFiles } from './admin-static';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies';
import { sendError, sendHtml } from './respond';
import type { RequestContext, RouteHandler } from './router';

export const ADMIN_PREFIX = '/admin';
import { ADMIN_LOGIN_PATH } from '../core/admin-links';

export { ADMIN_LOGIN_PATH };
const LOGOUT_PATH = '/admin/logout';

export interface AdminMountOptions {
  api: AdminApi;
  sessions: AdminSessions;
  staticDir: string;
  /** Secure cookies: only when served over https. */
  secure?: boolean;
  bodyLimit?: number;
}

export function createAdminHandler(opts: AdminMountOptions): RouteHandler {
  const files = new StaticFiles(opts.staticDir);
  const secure = opts.secure ?? false;

  const signedIn = (req: IncomingMessage): boolean => opts.sessions.touch(readCookie(req, SESSION_COOKIE));

  return async (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => {
    const path = ctx.url.pathname;

    if (path === ADMIN_PREFIX) {
      res.writeHead(301, { Location: `${ADMIN_PREFIX}/`, 'Cache-Control': 'no-store' }).end();
      return;
    }

    if (path === ADMIN_LOGIN_PATH) {
      // Only GET spends a token: a HEAD from a link previewer must not.
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      const result = opts.sessions.redeemLoginToken(ctx.url.searchParams.get('token'));
      if (!result.ok) {
        sendHtml(res, 401, result.reason === 'used' ? pages.tokenUsed : pages.tokenInvalid);
        return;
      }
      res.writeHead(303, {
        Location: `${ADMIN_PREFIX}/`,
        'Set-Cookie': sessionCookie(result.sessionId, { secure }),
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }

    if (path === LOGOUT_PATH) {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      opts.sessions.end(readCookie(req, SESSION_COOKIE));
      res.writeHead(204, { 'Set-Cookie': clearedSessionCookie({ secure }), 'Cache-Control': 'no-store' }).end();
      return;
    }

    if (path.startsWith(HTTP_API_PREFIX)) {
      if (!signedIn(req)) {
        sendError(res, 401, 'UNAUTHENTICATED', 'not signed in: open the sign-in link that `gatehouse serve` printed');
        return;
      }
      await handleAdminApi(req, res, path, { api: opts.api, bodyLimit: opts.bodyLimit });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const rel = path.slice(ADMIN_PREFIX.length + 1);
    if (rel === '' || rel === 'index.html') {
      if (!(await files.available())) return sendHtml(res, 503, pages.notBuilt);
      // The page itself is public build output, but without a session it could
      // only show errors: say how to sign in instead.
      if (!signedIn(req)) return sendHtml(res, 401, pages.signedOut);
    }
    if ((await files.serve(req, res, rel)) === 'not-found') sendHtml(res, 404, pages.notFound);
  };
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendError(res, 405, 'METHOD_NOT_ALLOWED', `use ${allow}`, { Allow: allow });
}
