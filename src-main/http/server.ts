// The one HTTP server of `gatehouse serve`: request guards and security headers
// for every request, then the mount that owns the path. The admin UI/API lives at
// /admin; the OAuth AS and the MCP gateway mount their handlers through `mount`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminApi } from '../api';
import { ADMIN_LOGIN_PATH, ADMIN_PREFIX, createAdminHandler } from './admin';
import { AdminSessions, type AdminSessionOptions } from './admin-sessions';
import { readCookie, SESSION_COOKIE } from './cookies';
import { sendError } from './respond';
import { allowedHostHeaders, checkHost, checkSameOrigin, checkTarget, hostForUrl, isWildcardHost } from './request-guard';
import { createRouter, type Router } from './router';
import { applySecurityHeaders } from './security-headers';

export interface HttpServerOptions {
  api: AdminApi;
  /** Directory of the built renderer (index.html + assets/). */
  staticDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Extra `host:port` values to answer to (the loopback names and the bound host are always allowed). */
  allowedHosts?: string[];
  /** One line per server-side failure. Never receives a secret, a query string or a body. */
  log?: (line: string) => void;
  sessions?: AdminSessionOptions;
  bodyLimit?: number;
}

export interface GatehouseHttpServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:7337` (no trailing slash): the issuer. */
  url: string;
  port: number;
  /** A new one-time sign-in link on each call. */
  adminLoginUrl(): string;
  mount: Router['mount'];
  /** The admin session id when the request carries a live admin session cookie (for mounts outside /admin's handler). */
  adminSession(req: IncomingMessage): string | null;
  close(): Promise<void>;
}

export async function createHttpServer(opts: HttpServerOptions): Promise<GatehouseHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const router = createRouter();
  const sessions = new AdminSessions(opts.sessions);
  let allowedHosts: ReadonlySet<string> = new Set();

  router.mount(
    ADMIN_PREFIX,
    createAdminHandler({ api: opts.api, sessions, staticDir: opts.staticDir, bodyLimit: opts.bodyLimit }),
  );

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    applySecurityHeaders(res);
    const badTarget = checkTarget(req.url);
    if (badTarget) return sendError(res, badTarget.status, badTarget.code, badTarget.message);
    const hostHeader = checkHost(req, allowedHosts);
    if (hostHeader === null) {
      // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still says Host: evil.example.
      return sendError(res, 421, 'MISDIRECTED_REQUEST', 'this server answers only to its own loopback address (Host header refused)');
    }
    const origin = `http://${hostHeader}`;
    const url = new URL(req.url ?? '/', origin);
    const route = router.match(url.pathname);
    if (!route) return sendError(res, 404, 'NOT_FOUND', 'nothing here');
    if (route.options.crossOrigin === 'refuse') {
      const refusal = checkSameOrigin(req, origin);
      if (refusal) return sendError(res, refusal.status, refusal.code, refusal.message);
    }
    await route.handler(req, res, { url, origin });
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      const path = (req.url ?? '').split('?', 1)[0];
      log(`http: ${req.method} ${path} failed: ${e instanceof Error ? e.name : 'error'}`);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'internal error; see the Gatehouse log for details');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port, opts.allowedHosts);
  const url = `http://${isWildcardHost(host) ? '127.0.0.1' : hostForUrl(host)}:${port}`;

  return {
    server,
    url,
    port,
    adminLoginUrl: () => `${url}${ADMIN_LOGIN_PATH}?token=${sessions.mintLoginToken()}`,
    mount: (prefix, handler, options) => router.mount(prefix, handler, options),
    adminSession: (req) => {
      const id = readCookie(req, SESSION_COOKIE);
      return id !== undefined && sessions.touch(id) ? id : null;
    },
    close: () => closeServer(server),
  };
}

/** Stops accepting, lets in-flight requests finish for a moment, then cuts the rest. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => server.closeAllConnections(), 2_000);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
