// 2026-07-28 at the gateway: a POST with no Mcp-Session-Id whose request is of the
// stateless era is handled on its own. Its headers must agree with its body (Mcp-Method
// with the method; Mcp-Name with params.name or params.uri where the spec requires it);
// the bearer of this very request is the principal; the same Relay as a session's judges
// it (classifier, rules, rate limit, audit, list filtering); and it goes to the server's
// shared pool (core/mcp/server-pool.ts), never to a process of its own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../core';
import { META, MODERN_ERR } from '../../core/mcp/era';
import { isRequest, type Id, type Message } from '../../core/mcp/jsonrpc';
import { eraOf, MODERN_FROM } from '../../core/mcp/methods';
import { Relay } from '../../core/mcp/relay';
import { ServerPool } from '../../core/mcp/server-pool';
import type { Principal } from '../../core/policy/enforcer';
import { sseEvent, type Refusal } from './streamable';
import { afterAudit } from './durable';

const NAME_PARAM: Record<string, 'name' | 'uri'> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** Whether a session-less POST is of the 2026-07-28 era: by its MCP-Protocol-Version header or its `_meta`. */
export function isStateless(req: IncomingMessage, msg: Message): boolean {
  const v = req.headers['mcp-protocol-version'];
  return (typeof v === 'string' && v >= MODERN_FROM) || eraOf(msg.params) === 'modern';
}

/**
 * A GET or DELETE with no Mcp-Session-Id. The 2026-07-28 revision has no sessions and no
 * GET stream (a client POSTs each request, and subscriptions/listen for notifications), so
 * such a client gets 405 Method Not Allowed, as stateless MCP servers answer it; a 2025
 * client gets 400, its session header missing.
 */
export function noSession(req: IncomingMessage): Refusal {
  const v = req.headers['mcp-protocol-version'];
  if (typeof v === 'string' && v >= MODERN_FROM) {
    const message = `Method Not Allowed: MCP ${v.slice(0, 20)} has no sessions and no GET stream; POST each request (subscriptions/listen for notifications)`;
    return { status: 405, code: -32000, message, headers: { Allow: 'GET, POST, DELETE, OPTIONS' } };
  }
  return { status: 400, code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' };
}

/** The 400 for headers that disagree with the body, naming the header and the fix; null when they agree. */
export function headerRefusal(req: IncomingMessage, msg: Message): Refusal | null {
  const method = req.headers['mcp-method'];
  const want = typeof msg.method === 'string' ? msg.method : null;
  if (want === null) return null;
  const version = versionRefusal(req, msg);
  if (version) return version;
  if (typeof method !== 'string') return mismatch(`the Mcp-Method header is required; send Mcp-Method: ${want}`);
  if (method !== want) return mismatch(`the Mcp-Method header (${clip(method)}) does not match the body's method (${clip(want)}); send Mcp-Method: ${want}`);
  const field = Object.hasOwn(NAME_PARAM, want) ? NAME_PARAM[want]! : null;
  const value = field ? msg.params?.[field] : undefined;
  if (!field || typeof value !== 'string') return null;
  const name = req.headers['mcp-name'];
  if (typeof name !== 'string') return mismatch(`the Mcp-Name header is required for ${want}; send Mcp-Name with params.${field}`);
  if (decoded(name) !== value) return mismatch(`the Mcp-Name header does not match params.${field}; send Mcp-Name: ${clip(value)}`);
  return null;
}

function versionRefusal(req: IncomingMessage, msg: Message): Refusal | null {
  const version = req.headers['mcp-protocol-version'];
  const claimed = (msg.params?._meta as Record<string, unknown> | undefined)?.[META.protocolVersion];
  if (typeof version === 'string' && typeof claimed === 'string' && version !== claimed) {
    return mismatch(`the MCP-Protocol-Version header (${clip(version)}) does not match _meta's protocol version (${clip(claimed)}); send the same version in both`);
  }
  return null;
}

function mismatch(message: string): Refusal {
  return { status: 400, code: MODERN_ERR.HEADER_MISMATCH, message: `Bad Request: ${message}`, data: { reason: 'header_mismatch' } };
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);

/** An HTTP field value as sent: the `=?base64?…?=` form decoded. */
function decoded(v: string): string {
  const m = /^=\?base64\?(.*)\?=$/s.exec(v);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : v;
}

export interface StatelessDeps {
  core: Core;
  requestTimeoutMs: number;
  /** Whether one more process fits under gatewaySessionsTotal. */
  canStart(): boolean;
}

/** Every server's pool, and the per-request relay that judges each stateless request. */
export class StatelessGateway {
  private readonly pools = new Map<string, ServerPool>();

  constructor(private readonly d: StatelessDeps) {}

  /** Processes the pools hold (they count against the gateway's total). */
  get processes(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.size;
    return n;
  }

  closeAll(): void {
    for (const p of this.pools.values()) p.close();
    this.pools.clear();
  }

  /** One stateless message; a request's HTTP answer waits for its JSON-RPC answer (an event stream once the server says more). */
  post(res: ServerResponse, server: string, principal: Principal, msg: Message, line: Buffer): void {
    if (!isRequest(msg)) return void res.writeHead(202).end(); // no session to deliver it to
    const answer = new Answer(res, (send) => afterAudit(this.d.core, send));
    let cancel: (() => void) | null = null;
    const { core } = this.d;
    const relay = new Relay({
      server,
      enforcer: core.enforcer,
      authenticate: () => ({ ok: true, principal }),
      touch: (id) => principal.type === 'api_key' && core.keys.touch(id),
      toClient: (bytes, replyTo) => (replyTo !== undefined ? answer.end(bytes) : answer.event(bytes)),
      toServer: (bytes, m) => {
        const sent = this.pool(server).request(
          (m ?? msg) as Message & { id: Id; method: string },
          { answer: (l) => relay.fromServer(l), related: (l) => answer.event(l) },
          `${principal.type}:${principal.id}`,
        );
        if (typeof sent === 'string') relay.serverGone(sent);
        else cancel = sent;
      },
      maxMessageBytes: core.settings.current().maxMessageBytes,
      actor: 'gateway',
      dataDir: core.dataDir,
    });
    // A subscriptions/listen stream lives as long as its client wants it: no deadline.
    const timer = msg.method === 'subscriptions/listen' ? undefined : setTimeout(() => (relay.expire(0), cancel?.()), this.d.requestTimeoutMs).unref();
    res.on('close', () => {
      clearTimeout(timer);
      if (!answer.done) cancel?.();
    });
    const c = relay.classify(msg);
    if (c.type === 'refused') return answer.end(relay.refusal(c), c.code === -32600 || c.code === -32700 ? 400 : 200);
    relay.handle(c, line, msg);
  }

  private pool(server: string): ServerPool {
    let pool = this.pools.get(server);
    if (!pool) {
      const { core } = this.d;
      pool = new ServerPool(core, server, {
        maxMessageBytes: core.settings.current().maxMessageBytes,
        requestTimeoutMs: this.d.requestTimeoutMs,
        canStart: () => this.d.canStart(),
        started: (n) => core.audit.record({ action: 'gateway.pool.start', actor: 'gateway', server, detail: { process: n } }),
      });
      this.pools.set(server, pool);
    }
    return pool;
  }
}

/** One request's HTTP answer: JSON, or an event stream once something comes before the answer. */
class Answer {
  done = false;
  constructor(
    private readonly res: ServerResponse,
    /** Sends the answer once its audit row is on record (team mode; see durable.ts). */
    private readonly durably: (send: () => void) => void,
  ) {}

  event(bytes: Buffer): void {
    if (this.done || this.res.destroyed) return;
    if (!this.res.headersSent) {
      this.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform' });
      this.res.flushHeaders();
    }
    this.res.write(sseEvent(bytes));
  }

  end(bytes: Buffer, status = 200): void {
    if (this.done) return;
    this.done = true;
    this.durably(() => this.send(bytes, status));
  }

  private send(bytes: Buffer, status: number): void {
    if (this.res.destroyed) return;
    if (this.res.headersSent) return void this.res.end(sseEvent(bytes));
    this.res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) });
    this.res.end(bytes);
  }
}
