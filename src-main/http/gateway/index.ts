// The MCP gateway: /mcp/<server> speaks streamable HTTP for every exposed server,
// protected by bearer tokens, with RFC 9728 metadata for discovery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../core';
import type { Exposure } from '../../core/servers/exposure';
import { BodyError, readBody } from '../body';
import { sendJson } from '../respond';
import type { RequestContext, RouteHandler } from '../router';
import { bearerOf, challenge, scopeOf, type BearerCheck, type BearerVerifier } from './bearer';
import { classifyClient } from '../../core/mcp/classify';
import type { Message } from '../../core/mcp/jsonrpc';
import { oneLine } from '../../core/mcp/sse';
import { parseClientBytes } from '../../core/mcp/wire';
import type { Principal } from '../../core/policy/enforcer';
import { GatewaySession, principalKey } from './session';
import { SessionTable } from './sessions';
import { headerRefusal, isStateless, noSession, StatelessGateway } from './stateless';
import { getRefusal, postRefusal, refuse, SESSION_HEADER } from './streamable';

export const GATEWAY_PREFIX = '/mcp/';
export const RESOURCE_METADATA_PREFIX = '/.well-known/oauth-protected-resource/';

export interface GatewayOptions {
  core: Core;
  /** The authorization server's issuer (serve's base URL). */
  issuer: () => string;
  /** JWT access tokens (the AS's); API keys are checked here when the server accepts them. */
  verifiers?: BearerVerifier[];
  requestTimeoutMs?: number;
}

export interface Gateway {
  handler: RouteHandler;
  metadata: RouteHandler;
  close(): void;
}

/** Before a session exists nothing is pending: the classifier judges the shape alone. */
const NOTHING_PENDING = { clientPending: () => false, serverPending: () => false };

export function createGateway(opts: GatewayOptions): Gateway {
  const { core } = opts;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 120_000;
  // Stateless (2026-07-28) requests share each server's pool; its processes count against gatewaySessionsTotal.
  const stateless: StatelessGateway = new StatelessGateway({
    core,
    requestTimeoutMs,
    canStart: () => sessions.count + stateless.processes < core.settings.current().gatewaySessionsTotal,
  });
  const sessions = new SessionTable(core, requestTimeoutMs, () => stateless.processes);
  const verifiers = opts.verifiers ?? [];

  // Takes the exposure the handler already read: one registry lookup per request.
  const apiKeyVerifier = (token: string, exposure: Exposure): BearerCheck | null => {
    if (!token.startsWith('ghk_')) return null;
    if (!exposure.acceptApiKeys) {
      return { ok: false, status: 401, error: 'invalid_token', description: 'Gatehouse API keys are not accepted for this server; use an OAuth access token' };
    }
    const v = core.keys.verify(token);
    if (!v.ok) return { ok: false, status: 401, error: 'invalid_token', description: v.message };
    return { ok: true, scopes: null, principal: { type: 'api_key', id: v.keyId, name: v.name, rules: v.rules, rateLimit: v.rateLimit } };
  };

  /** The JWT verifiers, after the API-key check (synchronous: no turn of the event loop for a key). */
  async function authenticateToken(token: string, resource: string, server: string): Promise<BearerCheck> {
    for (const verify of verifiers) {
      const r = await verify(token, resource, server);
      if (r) return r;
    }
    return { ok: false, status: 401, error: 'invalid_token', description: 'the access token is not valid here' };
  }

  /** The bearer's principal, or null once a challenge has been sent. */
  async function principalOf(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, server: string, exposure: Exposure): Promise<Principal | null> {
    if (ctx.url.search && ctx.url.searchParams.has('access_token')) {
      challenge(res, ctx.origin, server, { status: 400, error: 'invalid_request', description: 'access tokens in the query string are refused; send Authorization: Bearer' });
      return null;
    }
    const token = bearerOf(req);
    if (!token) return void challenge(res, ctx.origin, server, { status: 401 }), null;
    const resource = `${ctx.origin}${GATEWAY_PREFIX}${encodeURIComponent(server)}`;
    const check = apiKeyVerifier(token, exposure) ?? (await authenticateToken(token, resource, server));
    if (!check.ok) return void challenge(res, ctx.origin, server, check), null;
    if (check.scopes && !check.scopes.includes(scopeOf(server))) {
      challenge(res, ctx.origin, server, { status: 403, error: 'insufficient_scope', description: `this token lacks the scope ${scopeOf(server)}` });
      return null;
    }
    return check.principal;
  }

  /** The session a request names (undefined: it names none), or null once refused. */
  function sessionOf(req: IncomingMessage, res: ServerResponse, server: string, principal: Principal): GatewaySession | undefined | null {
    const sessionId = header(req, SESSION_HEADER);
    if (!sessionId) return undefined;
    const session = sessions.get(sessionId);
    if (!session || session.server !== server) return refuse(res, { status: 404, code: -32001, message: 'Session not found; start a new one' }), null;
    if (session.principalKey !== principalKey(principal)) return refuse(res, { status: 403, code: -32003, message: 'this session belongs to another client' }), null;
    core.live.touch(session.id);
    return session;
  }

  const handler: RouteHandler = async (req, res, ctx) => {
    // Browser-based MCP clients (the MCP Inspector) call from another origin. Bearer
    // tokens, never cookies, authenticate here, so CORS opens nothing a page could abuse.
    cors(res);
    if (req.method === 'OPTIONS') return preflight(res);
    const server = serverOf(ctx.url.pathname, GATEWAY_PREFIX);
    const exposure = server ? core.exposure.current(server) : null;
    if (!server || !exposure?.exposed) {
      return sendJson(res, 404, { error: 'not_found', error_description: 'no MCP server is exposed at this path' });
    }
    const principal = await principalOf(req, res, ctx, server, exposure);
    if (!principal) return;
    const session = sessionOf(req, res, server, principal);
    if (session === null) return;
    if (req.method === 'POST') return post(req, res, server, principal, session);
    if (!session) return refuse(res, noSession(req));
    if (req.method === 'GET') {
      const refusal = getRefusal(req);
      return refusal ? refuse(res, refusal, null, session.id) : session.openStream(res);
    }
    if (req.method === 'DELETE') {
      session.close();
      return void res.writeHead(200, { 'Content-Length': '0' }).end();
    }
    refuse(res, { status: 405, code: -32000, message: 'Method Not Allowed', headers: { Allow: 'GET, POST, DELETE, OPTIONS' } });
  };

  async function post(req: IncomingMessage, res: ServerResponse, server: string, principal: Principal, existing: GatewaySession | undefined): Promise<void> {
    const refusal = postRefusal(req);
    if (refusal) return refuse(res, refusal, null, existing?.id);
    let text: string;
    try {
      text = await readBody(req, core.settings.current().maxMessageBytes);
    } catch (e) {
      if (e instanceof BodyError) return refuse(res, { status: e.status, code: -32600, message: e.message });
      throw e;
    }
    const parsed = parseClientBytes(text);
    if (!parsed.ok) {
      refused(principal, server, null, parsed.reason);
      return refuse(res, { status: 400, code: parsed.code, message: parsed.message, data: { reason: parsed.reason } }, parsed.id, existing?.id);
    }
    const msg = parsed.msg as Message;
    // The relay forwards lines: a stdio server reads one message per line, so a body
    // with newlines inside (pretty-printed JSON) is written out compact.
    const line = Buffer.from(oneLine(text.trim()) + '\n', 'utf8');
    if (existing) return existing.post(res, principal, msg, line);
    if (isStateless(req, msg)) {
      const bad = headerRefusal(req, msg);
      if (!bad) return stateless.post(res, server, principal, msg, line);
      refused(principal, server, typeof msg.method === 'string' ? msg.method : null, 'header_mismatch');
      return refuse(res, bad, msg.id ?? null);
    }
    const first = classifyClient(msg, NOTHING_PENDING);
    if (first.type === 'refused') {
      refused(principal, server, first.method, first.reason);
      return refuse(res, { status: 400, code: first.code, message: first.message, data: { reason: first.reason } }, first.id);
    }
    if (first.type !== 'request' || first.method !== 'initialize') {
      return refuse(res, { status: 400, code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' }, msg.id ?? null);
    }
    const opened = sessions.open(server, principal);
    if (!(opened instanceof GatewaySession)) return refuse(res, opened, msg.id ?? null);
    opened.post(res, principal, msg, line);
  }

  /** A message refused before any session's relay saw it: on record as the relay's refusals are. */
  function refused(principal: Principal, server: string, method: string | null, reason: string): void {
    core.enforcer.record(principal, { server, method: method ?? '(unreadable)', tool: null, decision: 'denied', reason, actor: 'gateway' });
  }

  const metadata: RouteHandler = (req, res, ctx) => {
    const server = serverOf(ctx.url.pathname, `${RESOURCE_METADATA_PREFIX}mcp/`);
    if (!server || !core.exposure.get(server)?.exposed) {
      return sendJson(res, 404, { error: 'not_found', error_description: 'no MCP server is exposed at this path' });
    }
    sendJson(
      res,
      200,
      {
        resource: `${ctx.origin}${GATEWAY_PREFIX}${encodeURIComponent(server)}`,
        authorization_servers: [opts.issuer()],
        scopes_supported: [scopeOf(server)],
        bearer_methods_supported: ['header'],
        resource_name: `${server} (through Gatehouse)`,
      },
      { 'Cache-Control': 'max-age=60', 'Access-Control-Allow-Origin': '*' },
    );
  };

  return {
    handler,
    metadata,
    close: () => {
      sessions.closeAll();
      stateless.closeAll();
    },
  };
}

function preflight(res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

function cors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, WWW-Authenticate, Mcp-Protocol-Version');
  res.removeHeader('Cross-Origin-Resource-Policy');
}

function serverOf(pathname: string, prefix: string): string | null {
  if (!pathname.startsWith(prefix)) return null;
  const rest = pathname.slice(prefix.length).replace(/\/$/, '');
  if (!rest || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
