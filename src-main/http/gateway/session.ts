// One MCP session at the gateway: the HTTP side of streamable HTTP (each POSTed request
// waits for its answer; everything else goes down the session's GET stream), the guard's
// Relay in the middle (same policy, rate limits and audit as `gatehouse guard`), and an
// upstream started on the first message.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Core } from '../../core';
import type { Principal } from '../../core/policy/enforcer';
import { errorLine, idKey, idOfKey, isId, isRequest, type Id, type Message } from '../../core/mcp/jsonrpc';
import { Relay, type Authn } from '../../core/mcp/relay';
import { startUpstream, type Upstream } from '../../core/mcp/upstream';
import { answerJson, openEventStream, sseEvent } from './streamable';

export function principalKey(p: Principal): string {
  return `${p.type}:${p.id}`;
}

export class GatewaySession {
  readonly id = randomUUID();
  readonly principalKey: string;
  lastUsed = Date.now();
  private auth: Authn;
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

  constructor(
    private readonly core: Core,
    readonly server: string,
    principal: Principal,
    private readonly onClose: (s: GatewaySession) => void,
  ) {
    this.principalKey = principalKey(principal);
    this.auth = { ok: true, principal };
    this.relay = new Relay({
      server,
      enforcer: core.enforcer,
      authenticate: () => this.auth,
      touch: (id) => {
        if (principal.type === 'api_key') core.keys.touch(id);
      },
      toClient: (bytes, replyTo) => this.toClient(bytes, replyTo),
      toServer: (bytes, msg) => this.upstreamOf().send(bytes, msg),
      maxMessageBytes: core.settings.current().maxMessageBytes,
      actor: 'gateway',
      dataDir: core.dataDir,
    });
  }

  /**
   * One POSTed message, judged as the bearer that sent it. A request's HTTP answer waits
   * for its JSON-RPC answer; a notification or a response is accepted at once (202).
   */
  post(res: ServerResponse, principal: Principal, msg: Message, line: Buffer): void {
    this.auth = { ok: true, principal };
    this.lastUsed = Date.now();
    if (isRequest(msg)) {
      const key = idKey(msg.id);
      if (this.waiting.has(key)) {
        return answerJson(res, 400, this.id, errorLine(msg.id, -32600, 'Invalid Request: a request with this id is still waiting for its answer'));
      }
      this.waiting.set(key, res);
      const token = (msg.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
      if (isId(token)) {
        this.progress.set(token, key);
        openEventStream(res, this.id);
      }
    } else {
      res.writeHead(202, { 'Mcp-Session-Id': this.id }).end();
    }
    this.relay.fromClientMessage(msg, line);
  }

  /** The GET stream for server-initiated messages; one per session (409 for a second). */
  openStream(res: ServerResponse): void {
    this.lastUsed = Date.now();
    if (this.stream && !this.stream.destroyed) {
      return answerJson(res, 409, this.id, errorLine(null, -32000, 'Conflict: this session already has a GET stream open'));
    }
    this.stream = openEventStream(res, this.id);
    res.on('close', () => {
      if (this.stream === res) this.stream = null;
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

  private toClient(bytes: Buffer, replyTo?: Id): void {
    if (replyTo !== undefined) {
      const key = idKey(replyTo);
      const res = this.waiting.get(key);
      if (res) {
        this.waiting.delete(key);
        if (res.headersSent) for (const [token, k] of this.progress) if (k === key) this.progress.delete(token);
        // A client that went away before its answer came: nothing to write to.
        if (res.destroyed) return;
        if (!res.headersSent) return answerJson(res, 200, this.id, bytes);
        return void res.end(sseEvent(bytes));
      }
    }
    if (this.progress.size > 0) {
      const res = this.progressStream(bytes);
      if (res) return void res.write(sseEvent(bytes));
    }
    // Not an answer to a waiting POST: a notification or a server request, for the GET stream.
    // With no stream open there is nowhere to send it (as in the MCP SDK's server transport).
    if (this.stream && !this.stream.destroyed) this.stream.write(sseEvent(bytes));
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
      line: (b) => this.relay.fromServer(b),
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
