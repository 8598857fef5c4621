// The guard's judgement of each message, independent of processes and streams so it
// can be tested and benchmarked alone. Client → server requests are authorized one by
// one (the 2026-07-28 protocol has no session to bind an identity to); everything the
// guard does not need to judge passes through byte for byte.
import { resourceFailure } from '../db/failures';
import type { Enforcer, Principal } from '../policy/enforcer';
import { ERR, errorLine, idFromFragment, idKey, idOfKey, isId, isRequest, isResponse, type Id, type Message } from './jsonrpc';

/** Who sent the message being judged, or why nobody may. */
export type Authn =
  | { ok: true; principal: Principal }
  | { ok: false; reason: string; message: string; /** Who it was, when known (a revoked key). */ principal?: Pick<Principal, 'type' | 'id'> };

export interface RelayDeps {
  server: string;
  enforcer: Enforcer;
  /**
   * The caller of the message being judged: the guard's API key, or the bearer of the
   * HTTP request that carried it (gateway). Cheap and fresh: called per message.
   */
  authenticate(): Authn;
  /** Records that the key was used (throttled by the key service). */
  touch(keyId: string): void;
  /**
   * A line for the client; `replyTo` is the id of the client's request it answers, when it
   * is such an answer (the gateway finds the HTTP request waiting for it by that id).
   */
  toClient(bytes: Buffer, replyTo?: Id): void;
  /** A line for the server; `msg` is that line parsed, when the relay parsed it. */
  toServer(bytes: Buffer, msg?: Message): void;
  maxMessageBytes: number;
  now?: () => number;
  /** Recorded in the audit log: 'guard' or 'gateway'. */
  actor?: string;
  /** The data dir, to name a full disk, a read-only data dir or a busy database when a check fails on one. */
  dataDir?: string;
}

interface Pending {
  method: string;
  tool: string | null;
  start: number;
  principal: Principal;
  filterTools: boolean;
  args: unknown;
}

const UNMETERED_AUDIT = new Set(['ping']);

export class Relay {
  private readonly pending = new Map<string, Pending>();
  /** Set when the server is gone: every request is answered with this. */
  private serverDown: string | null = null;
  private readonly now: () => number;

  constructor(private readonly d: RelayDeps) {
    this.now = d.now ?? (() => performance.now());
  }

  private get actor(): string {
    return this.d.actor ?? 'guard';
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  // ── client → server ────────────────────────────────────────────────────────

  fromClient(line: Buffer): void {
    let msg: Message;
    try {
      msg = JSON.parse(line.toString('utf8')) as Message;
    } catch {
      this.d.toClient(errorLine(null, ERR.PARSE, 'Parse error: gatehouse guard received a line that is not JSON'));
      return;
    }
    this.fromClientMessage(msg, line);
  }

  /** A message already parsed from `line` (the gateway parses each body once). */
  fromClientMessage(msg: Message, line: Buffer): void {
    if (Array.isArray(msg)) {
      this.d.toClient(errorLine(null, ERR.INVALID_REQUEST, 'JSON-RPC batches are not supported; send one message per line'));
      return;
    }
    if (!msg || typeof msg !== 'object') {
      this.d.toClient(errorLine(null, ERR.INVALID_REQUEST, 'Invalid Request: not a JSON-RPC object'));
      return;
    }
    if (isRequest(msg)) {
      try {
        return this.request(msg, line);
      } catch (e) {
        // The database failed under us (a full disk, a read-only data dir, a lock held past
        // the busy timeout): fail closed with an answer that names the cause and the fix,
        // instead of letting the exception end the guard.
        const failure = (this.d.dataDir ? resourceFailure(e, this.d.dataDir) : null) ?? (e as Error);
        const code = (failure as { code?: unknown }).code;
        process.stderr.write(`gatehouse guard: could not check ${msg.method}: ${failure.message}\n`);
        this.d.toClient(
          errorLine(msg.id, ERR.INTERNAL, `Gatehouse could not check this request, so it was not relayed: ${failure.message}`, typeof code === 'string' ? { code } : undefined),
          msg.id,
        );
        return;
      }
    }
    if (typeof msg.method === 'string') return this.notification(msg, line);
    // A response to a server-initiated request (sampling, elicitation, roots): untouched.
    if (isResponse(msg)) return this.d.toServer(withNewline(line));
    this.d.toClient(errorLine(null, ERR.INVALID_REQUEST, 'Invalid Request: neither a request, a notification nor a response'));
  }

  oversizeFromClient(head: Buffer, total: number): void {
    const id = idFromFragment(head);
    this.d.toClient(
      errorLine(id, ERR.INVALID_REQUEST, `message of ${total} bytes is over the guard's limit of ${this.d.maxMessageBytes} bytes; it was not relayed`),
      id ?? undefined,
    );
  }

  private request(msg: Message & { id: Id; method: string }, line: Buffer): void {
    const started = this.now();
    const tool = msg.method === 'tools/call' && typeof msg.params?.name === 'string' ? msg.params.name : null;
    const auth = this.d.authenticate();
    if (!auth.ok) {
      this.d.toClient(errorLine(msg.id, ERR.KEY_REFUSED, `Gatehouse refused the credentials: ${auth.message}`, { reason: auth.reason }), msg.id);
      this.d.enforcer.record(auth.principal ?? null, { server: this.d.server, method: msg.method, tool, decision: 'denied', reason: auth.reason, actor: this.actor });
      return;
    }
    const principal = auth.principal;
    if (this.serverDown) {
      this.d.toClient(errorLine(msg.id, ERR.UPSTREAM, this.serverDown), msg.id);
      this.d.enforcer.record(principal, { server: this.d.server, method: msg.method, tool, decision: 'error', reason: 'server_down', actor: this.actor });
      return;
    }
    const verdict = this.d.enforcer.check(principal, this.d.server, msg.method, tool);
    if (!verdict.ok) {
      const code = verdict.decision === 'rate_limited' ? ERR.RATE_LIMITED : ERR.DENIED;
      const data: Record<string, unknown> = { reason: verdict.reason };
      if (verdict.decision === 'rate_limited') data.retryAfterMs = verdict.retryAfterMs;
      this.d.toClient(errorLine(msg.id, code, `Gatehouse: ${verdict.message}`, data), msg.id);
      this.d.enforcer.record(principal, {
        server: this.d.server,
        method: msg.method,
        tool,
        decision: verdict.decision,
        reason: verdict.reason,
        latencyMs: this.now() - started,
        arguments: tool ? msg.params?.arguments : undefined,
        actor: this.actor,
      });
      return;
    }
    this.d.touch(principal.id);
    this.pending.set(idKey(msg.id), {
      method: msg.method,
      tool,
      start: started,
      principal,
      filterTools: msg.method === 'tools/list',
      args: tool ? msg.params?.arguments : undefined,
    });
    this.d.toServer(withNewline(line), msg);
  }

  private notification(msg: Message, line: Buffer): void {
    // Nothing to answer; a refused key's notifications are dropped.
    if (!this.d.authenticate().ok || this.serverDown) return;
    if (msg.method === 'notifications/cancelled') {
      const rid = msg.params?.requestId;
      if (isId(rid)) {
        const p = this.pending.get(idKey(rid));
        if (p) {
          this.pending.delete(idKey(rid));
          this.audit(p, 'allowed', 'cancelled', null);
        }
      }
    }
    this.d.toServer(withNewline(line));
  }

  // ── server → client ────────────────────────────────────────────────────────

  fromServer(line: Buffer): void {
    if (this.pending.size === 0) {
      // Nothing awaits an answer: whatever this is (a notification, a server request) passes as is.
      this.d.toClient(withNewline(line));
      return;
    }
    let msg: Message;
    try {
      msg = JSON.parse(line.toString('utf8')) as Message;
    } catch {
      process.stderr.write(`gatehouse guard: ${this.d.server} wrote ${line.length} bytes that are not JSON to stdout; dropped\n`);
      return;
    }
    if (!isResponse(msg)) return this.d.toClient(withNewline(line));
    const key = idKey(msg.id);
    const p = this.pending.get(key);
    if (!p) return this.d.toClient(withNewline(line));
    this.pending.delete(key);
    if (p.filterTools && !msg.error) {
      this.d.toClient(this.filterToolList(msg, p.principal), msg.id);
    } else {
      this.d.toClient(withNewline(line), msg.id);
    }
    this.audit(p, 'allowed', outcomeOf(msg), null);
  }

  oversizeFromServer(head: Buffer, total: number): void {
    const id = idFromFragment(head);
    const p = id === null ? undefined : this.pending.get(idKey(id));
    const message = `${this.d.server} sent a message of ${total} bytes, over the guard's limit of ${this.d.maxMessageBytes} bytes (setting maxMessageBytes); it was dropped`;
    process.stderr.write(`gatehouse guard: ${message}\n`);
    if (p && id !== null) {
      this.pending.delete(idKey(id));
      this.d.toClient(errorLine(id, ERR.UPSTREAM, message), id);
      this.audit(p, 'error', 'too_large', 'response_too_large');
    }
  }

  /** The server exited or could not start: answer what is pending, and every request from now on. */
  serverGone(message: string): void {
    this.serverDown = message;
    for (const [, p] of this.pending) this.audit(p, 'error', 'server_exit', 'server_exit');
    for (const key of [...this.pending.keys()]) {
      const id = idOfKey(key);
      this.d.toClient(errorLine(id, ERR.UPSTREAM, message), id);
    }
    this.pending.clear();
  }

  /** Answers requests the server has not answered within timeoutMs. */
  expire(timeoutMs: number): void {
    const cutoff = this.now() - timeoutMs;
    for (const [key, p] of this.pending) {
      if (p.start > cutoff) continue;
      this.pending.delete(key);
      const id = idOfKey(key);
      this.d.toClient(errorLine(id, ERR.UPSTREAM, `${this.d.server} did not answer ${p.method} within ${Math.round(timeoutMs / 1000)} s`), id);
      this.audit(p, 'error', 'timeout', 'timeout');
    }
  }

  private filterToolList(msg: Message, principal: Principal): Buffer {
    const result = msg.result as { tools?: { name?: unknown }[] } | undefined;
    if (result && Array.isArray(result.tools)) {
      result.tools = result.tools.filter(
        (t) => typeof t?.name === 'string' && this.d.enforcer.toolAllowed(principal, this.d.server, t.name),
      );
    }
    return Buffer.from(JSON.stringify(msg) + '\n', 'utf8');
  }

  private audit(p: Pending, decision: 'allowed' | 'error', outcome: string, reason: string | null): void {
    if (UNMETERED_AUDIT.has(p.method)) return;
    this.d.enforcer.record(p.principal, {
      server: this.d.server,
      method: p.method,
      tool: p.tool,
      decision,
      reason,
      outcome,
      latencyMs: Math.round((this.now() - p.start) * 1000) / 1000,
      arguments: p.tool ? p.args : undefined,
      actor: this.actor,
    });
  }
}

function outcomeOf(msg: Message): string {
  if (msg.error) return 'error';
  const r = msg.result as { isError?: unknown; resultType?: unknown } | undefined;
  if (r?.isError === true) return 'tool_error';
  if (r?.resultType === 'input_required') return 'input_required';
  return 'ok';
}

/** The line as it goes out: with its newline (a line the reader passed whole already has it). */
function withNewline(line: Buffer): Buffer {
  return line[line.length - 1] === NL ? line : Buffer.concat([line, NEWLINE]);
}
const NL = 0x0a;
const NEWLINE = Buffer.from('\n');
