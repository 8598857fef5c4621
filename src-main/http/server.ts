// The one HTTP server of `gatehouse serve`: request guards and security headers
// for every request, then the mount that owns the path. The admin UI/API lives at
// /admin; the OAuth AS and the MCP gateway mount their handlers through `mount`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminApi } from '../api';
import { silentLogger, type Logger } from '../core/log';
import { ADMIN_LOGIN_PATH, ADMIN_PREFIX, createAdminHandler } from './admin';
import { AdminSessions, type AdminSessionOptions } from './admin-sessions';
import { readCookie, SESSION_COOKIE } from './cookies';
import { InFlight, type DrainResult } from './drain';
import { canonicalizeForwarded, insecureArrival, originOf, viewOf, type Addressing, type PublicUrl, type RequestView } from './public-origin';
import { logWhenDone, pathOf } from './request-log';
import { sendError } from './respond';
import { allowedHostHeaders, checkSameOrigin, checkTarget, hostForUrl, isWildcardHost } from './request-guard';
import { createRouter, type Route, type Router } from './router';
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
  /** The URL clients reach (through a load balancer): the issuer, resource URLs, the admin URL, Secure cookies. */
  publicUrl?: PublicUrl;
  /** Believe X-Forwarded-Proto/-Host/-For (the nearest proxy's value). */
  trustProxy?: boolean;
  /** Request summaries and server-side failures. Never receives a secret, a query string or a body. */
  logger?: Logger;
  sessions?: AdminSessionOptions;
  bodyLimit?: number;
}

export interface GatehouseHttpServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:7337` or the public URL (no trailing slash): the issuer. */
  url: string;
  /** Where this process listens, e.g. `http://127.0.0.1:7337` (the same as `url` without a public URL). */
  listenUrl: string;
  port: number;
  /** A new one-time sign-in link on each call. */
  adminLoginUrl(): string;
  mount: Router['mount'];
  /** The admin session id when the request carries a live admin session cookie (for mounts outside /admin's handler). */
  adminSession(req: IncomingMessage): string | null;
  /** True once a drain began: /readyz says so, so the load balancer stops sending work. */
  readonly draining: boolean;
  /** Stops accepting connections and waits up to `ms` for the calls in flight. */
  drain(ms: number): Promise<DrainResult>;
  close(): Promise<void>;
}

type Refuse = (res: ServerResponse) => void;

const misdirected: Refuse = (res) =>
  // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still says Host: evil.example.
  sendError(res, 421, 'MISDIRECTED_REQUEST', 'this server answers only to its own address (Host header refused)');

export async function createHttpServer(opts: HttpServerOptions): Promise<GatehouseHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.logger ?? silentLogger;
  const addressing: Addressing = { publicUrl: opts.publicUrl ?? null, trustProxy: opts.trustProxy ?? false };
  const router = createRouter();
  const sessions = new AdminSessions(opts.sessions);
  const inFlight = new InFlight();
  let allowedHosts: ReadonlySet<string> = new Set();
  let listenUrl = '';

  router.mount(
    ADMIN_PREFIX,
    createAdminHandler({ api: opts.api, sessions, staticDir: opts.staticDir, bodyLimit: opts.bodyLimit, secure: addressing.publicUrl?.secure }),
  );

  /** The origin this request is served under, or null when a refusal was sent. */
  const originFor = (req: IncomingMessage, res: ServerResponse, view: RequestView, route: Route | undefined): string | null => {
    const allowed = view.host !== null && allowedHosts.has(view.host);
    if (!allowed) {
      if (route?.options.anyHost) return listenUrl;
      misdirected(res);
      return null;
    }
    const insecure = insecureArrival(req, view, addressing);
    if (insecure === true) {
      sendError(res, 403, 'HTTPS_REQUIRED', `this server is reached over https only: use ${addressing.publicUrl!.origin}`);
      return null;
    }
    if (insecure) {
      res.writeHead(308, { Location: insecure, 'Content-Length': '0' }).end();
      return null;
    }
    return originOf(view.host!, addressing);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse, view: RequestView): Promise<void> => {
    applySecurityHeaders(res);
    const badTarget = checkTarget(req.url);
    if (badTarget) return sendError(res, badTarget.status, badTarget.code, badTarget.message);
    // The route before the Host check: health probes answer any Host. Parsed as the URL below will be.
    const route = router.match(new URL(req.url ?? '/', 'http://localhost').pathname);
    const origin = originFor(req, res, view, route);
    if (origin === null) return;
    canonicalizeForwarded(req, origin, view.client);
    const url = new URL(req.url ?? '/', origin);
    if (!route) return sendError(res, 404, 'NOT_FOUND', 'nothing here');
    if (route.options.crossOrigin === 'refuse') {
      const refusal = checkSameOrigin(req, origin);
      if (refusal) return sendError(res, refusal.status, refusal.code, refusal.message);
    }
    await route.handler(req, res, { url, origin });
  };

  const server = createServer((req, res) => {
    const view = viewOf(req, addressing.trustProxy);
    inFlight.track(req, res);
    logWhenDone(log, req, res, () => view.client);
    onRequest(req, res, view).catch((e: unknown) => {
      log.error(`${req.method} ${pathOf(req.url)} failed: ${e instanceof Error ? e.name : 'error'}`, {
        event: 'error',
        method: req.method,
        path: pathOf(req.url),
        error: e instanceof Error ? e.name : 'error',
      });
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
  allowedHosts = allowedHostHeaders(host, port, [...(opts.allowedHosts ?? []), ...(addressing.publicUrl?.hosts ?? [])]);
  listenUrl = `http://${isWildcardHost(host) ? '127.0.0.1' : hostForUrl(host)}:${port}`;
  const url = addressing.publicUrl?.origin ?? listenUrl;

  return {
    server,
    url,
    listenUrl,
    port,
    adminLoginUrl: () => `${url}${ADMIN_LOGIN_PATH}?token=${sessions.mintLoginToken()}`,
    mount: (prefix, handler, options) => router.mount(prefix, handler, options),
    adminSession: (req) => {
      const id = readCookie(req, SESSION_COOKIE);
      return id !== undefined && sessions.touch(id) ? id : null;
    },
    get draining() {
      return inFlight.isDraining;
    },
    drain: (ms) => inFlight.drain(server, ms),
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
