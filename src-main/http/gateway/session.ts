// One MCP session at the gateway: the HTTP side of streamable HTTP (each POSTed request
// waits for its answer; everything else goes down the session's GET stream), the guard's
// Relay in the middle (same classifier, policy, rate limits and audit as `gatehouse
// guard`), and an upstream started on the first message.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Core } from '../../core';
import type { Classified } from '../../core/mcp/classify';
import type { Principal } from '../../core/policy/enforcer';
import { errorLine, idKey, idOfKey, isId, type Id, type Message } from '../../core/mcp/jsonrpc';
import { Relay, type Authn } from '../../core/mcp/relay';
import { startUpstream, type Upstream } from '../../core/mcp/upstream';
import { answerJson, openEventStream, refusalStatus, sseEvent } from './streamable';
import { afterAudit } from './durable';

export function principalKey(p: Pick<Principal, 'type' | 'id'>): string {
  return `${p.type}:${p.id}`;
}

export class GatewaySession {
  readonly id = randomUUID();
  readonly principalKey: string;
  readonly principal: Principal;
  readonly startedAt = Date.now();
  lastUsed = Date.now();
  private upstream: Upstream | null = null;
  private readonly relay: Relay;
  /** POSTed requests waiting for their answer, by JSON-RPC id. */
  private readonly waiting = new Map<string, ServerResponse>();
  /**
   * Requests that asked for progress (a progressToken), answered as an event stream so
   * their progress notifications travel with them: token → id key.
   */
  private readonly progress = new Map<string | number, string>();
  /** The GET stream: server requests and notifications go here. */
  private stream: ServerResponse | null = null;
  private closed = false;
  /** The session's initialize has been relayed (a second one is refused). */
  private initialized = false;

  constructor(
    private readonly core: Core,
    readonly server: string,
    principal: Principal,
    private readonly onClose: (s: GatewaySession) => void,
  ) {
    this.principal = principal;
    this.principalKey = principalKey(principal);
    this.relay = new Relay({
      server,
      enforcer: core.enforcer,
      // The session's own bearer, for what no request carries (an oversize line's answer).
      authenticate: () => ({ ok: true, principal: this.principal }),
      touch: (id) => {
        if (principal.type === 'api_key') core.keys.touch(id);
      },
      toClient: (bytes, replyTo, relatedTo) => this.toClient(bytes, replyTo, relatedTo),
      toServer: (bytes, msg) => this.upstreamOf().send(bytes, msg),
      maxMessageBytes: core.settings.current().maxMessageBytes,
      actor: 'gateway',
      dataDir: core.dataDir,
      log: core.log,
    });
  }

  /** Since when nothing has been going on (no request in flight, no stream open); null while busy. */
  idleSince(): number | null {
    return this.waiting.size > 0 || (this.stream && !this.stream.destroyed) ? null : this.lastUsed;
  }

  /**
   * One POSTed message, judged as the bearer that sent it. A request's HTTP answer waits
   * for its JSON-RPC answer; a notification or a response is accepted at once (202); a
   * message the classifier refuses is answered here and never reaches the server.
   */
  post(res: ServerResponse, principal: Principal, msg: Message, line: Buffer): void {
    const auth: Authn = { ok: true, principal };
    this.lastUsed = Date.now();
    const c = this.relay.classify(msg);
    if (c.type === 'refused') return answerJson(res, refusalStatus(c.code), this.id, this.relay.refusal(c, auth));
    if (c.type === 'request' && c.method === 'initialize') {
      if (this.initialized) return answerJson(res, 400, this.id, errorLine(c.id, -32600, 'Invalid Request: this session is already initialized'));
      this.initialized = true;
    }
    if (c.type === 'request') this.await(res, c);
    else res.writeHead(202, { 'Mcp-Session-Id': this.id }).end();
    this.relay.handle(c, line, msg, auth);
  }

  private await(res: ServerResponse, c: Extract<Classified, { type: 'request' }>): void {
    const key = idKey(c.id);
    this.waiting.set(key, res);
    // A client that hangs up before its answer (it cancelled, or went away) leaves nothing to
    // answer: the session must not count as busy for it (idle expiry, the session caps).
    res.on('close', () => {
      if (this.waiting.get(key) !== res) return;
      this.waiting.delete(key);
      this.lastUsed = Date.now();
    });
    const token = (c.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
    if (isId(token)) {
      this.progress.set(token, key);
      openEventStream(res, this.id);
    }
  }

  /** The GET stream for server-initiated messages; one per session (409 for a second). */
  openStream(res: ServerResponse): void {
    this.lastUsed = Date.now();
    if (this.stream && !this.stream.destroyed) {
      return answerJson(res, 409, this.id, errorLine(null, -32000, 'Conflict: this session already has a GET stream open'));
    }
    this.stream = openEventStream(res, this.id);
    res.on('close', () => {
      if (this.stream !== res) return;
      this.stream = null;
      this.lastUsed = Date.now();
    });
  }

  expire(timeoutMs: number): void {
    this.relay.expire(timeoutMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.upstream?.close();
    for (const [key, res] of this.waiting) {
      const closing = errorLine(idOfKey(key), -32001, 'Session closed; start a new one');
      if (res.headersSent) res.end(sseEvent(closing));
      else answerJson(res, 404, this.id, closing);
    }
    this.waiting.clear();
    this.progress.clear();
    this.stream?.end();
    this.stream = null;
    this.onClose(this);
  }

  private toClient(bytes: Buffer, replyTo?: Id, relatedTo?: Id): void {
    // An answer belongs to the POST that asked; one whose client hung up goes nowhere
    // (never down the GET stream, which carries no responses).
    if (replyTo !== undefined) return afterAudit(this.core, () => void this.answerWaiting(idKey(replyTo), bytes));
    const res = this.streamFor(bytes, relatedTo);
    if (res) res.write(sseEvent(bytes));
  }

  /**
   * Where a server's own message goes (the streamable-HTTP rules): a progress notification
   * with its request; a message the server sent with a client request, on that request's
   * stream (the POST's answer becomes an event stream); anything else down the GET stream.
   * With no GET stream open, a server request (sampling, elicitation) rides the newest
   * POST still waiting: a client opens its GET stream without waiting for it, so the
   * request of a tool call made at once would otherwise be lost and the call hang.
   */
  private streamFor(bytes: Buffer, relatedTo?: Id): ServerResponse | undefined {
    const progress = this.progress.size > 0 ? this.progressStream(bytes) : undefined;
    if (progress) return progress;
    const related = relatedTo === undefined ? undefined : this.waiting.get(idKey(relatedTo));
    if (related && !related.destroyed) return this.asStream(related);
    if (this.stream && !this.stream.destroyed) return this.stream;
    if (!isServerRequest(bytes)) return undefined;
    const newest = [...this.waiting.values()].reverse().find((r) => !r.destroyed);
    return newest ? this.asStream(newest) : undefined;
  }

  /** A waiting POST's answer as an event stream (once: its answer then comes as the last event). */
  private asStream(res: ServerResponse): ServerResponse {
    if (!res.headersSent) openEventStream(res, this.id);
    return res;
  }

  /** Answers the POST waiting for this id, if one is. */
  private answerWaiting(key: string, bytes: Buffer): boolean {
    const res = this.waiting.get(key);
    if (!res) return false;
    this.waiting.delete(key);
    this.lastUsed = Date.now();
    if (res.headersSent) for (const [token, k] of this.progress) if (k === key) this.progress.delete(token);
    // A client that went away before its answer came: nothing to write to.
    if (res.destroyed) return true;
    if (!res.headersSent) answerJson(res, 200, this.id, bytes);
    else res.end(sseEvent(bytes));
    return true;
  }

  /** The open POST stream a progress notification belongs to, if any. */
  private progressStream(bytes: Buffer): ServerResponse | undefined {
    let msg: Message;
    try {
      msg = JSON.parse(bytes.toString('utf8')) as Message;
    } catch {
      return undefined;
    }
    if (msg.method !== 'notifications/progress') return undefined;
    const token = msg.params?.progressToken;
    const key = isId(token) ? this.progress.get(token) : undefined;
    const res = key === undefined ? undefined : this.waiting.get(key);
    return res && !res.destroyed ? res : undefined;
  }

  private upstreamOf(): Upstream {
    this.upstream ??= startUpstream(this.core, this.server, this.core.settings.current().maxMessageBytes, {
      line: (b, relatedTo) => this.relay.fromServer(b, relatedTo),
      oversize: (head, total) => this.relay.oversizeFromServer(head, total),
      gone: (message) => {
        this.relay.serverGone(message);
        // The session cannot go on without its server's state: the client's next
        // request gets 404 and it starts a new session, with a new server process.
        setTimeout(() => this.close(), 100).unref();
      },
    });
    return this.upstream;
  }
}

/** A request of the server's own: a method and an id (cheap: parsed only when no stream can take it). */
function isServerRequest(bytes: Buffer): boolean {
  try {
    const msg = JSON.parse(bytes.toString('utf8')) as Message;
    return typeof msg.method === 'string' && isId(msg.id);
  } catch {
    return false;
  }
}
