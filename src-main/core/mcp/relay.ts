// The judgement of each message between one client and one server, independent of
// processes and streams so it can be tested and benchmarked alone; the guard (stdio) and
// the gateway (HTTP) both run it. Client messages go through the one classifier
// (./classify): requests are authorized one by one (the 2026-07-28 protocol has no session
// to bind an identity to), MCP's notifications and answers to the server's own requests
// pass byte for byte, and anything else is refused and never reaches the server.
import { resourceFailure } from '../db/failures';
import { stderrLogger, type Logger } from '../log';
import type { Enforcer, Principal, Verdict } from '../policy/enforcer';
import { filteredList, outcomeOf, usedNames } from './answers';
import { classifyClient, isRequestId, type Classified } from './classify';
import { ERR, errorLine, idFromFragment, idKey, idOfKey, isId, type Id, type Message } from './jsonrpc';
import { InFlight, type PendingRequest } from './pending';
import { parseClientBytes } from './wire';

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
   * is such an answer (the gateway finds the HTTP request waiting for it by that id);
   * `relatedTo`, for a server's own request or notification, the client request it came
   * with (a remote server sends them on that request's event stream).
   */
  toClient(bytes: Buffer, replyTo?: Id, relatedTo?: Id): void;
  /** A line for the server; `msg` is that line parsed, when the relay parsed it. */
  toServer(bytes: Buffer, msg?: Message): void;
  maxMessageBytes: number;
  now?: () => number;
  /** Recorded in the audit log: 'guard' or 'gateway'. */
  actor?: string;
  /** The data dir, to name a full disk, a read-only data dir or a busy database when a check fails on one. */
  dataDir?: string;
  /** Where what the relay drops or cannot check is said; default: warnings on stderr. */
  log?: Logger;
}

type Request = Extract<Classified, { type: 'request' }>;
type Refused = Extract<Classified, { type: 'refused' }>;
type Outcome = { decision: 'allowed' | 'denied' | 'rate_limited' | 'error'; reason?: string | null; outcome?: string | null; latencyMs?: number | null };

/** A server line that holds no `"id"` member is a notification: it passes without parsing. */
const ID_MEMBER = Buffer.from('"id"');

export class Relay {
  private readonly flight = new InFlight();
  /** Set when the server is gone: every request is answered with this. */
  private serverDown: string | null = null;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly d: RelayDeps) {
    this.now = d.now ?? (() => performance.now());
    this.log = d.log ?? stderrLogger();
  }

  private get actor(): string {
    return this.d.actor ?? 'guard';
  }

  get pendingCount(): number {
    return this.flight.requests.size;
  }

  // ── client → server ────────────────────────────────────────────────────────

  /** One line from the client, as it came. */
  fromClient(line: Buffer): void {
    const parsed = parseClientBytes(line);
    if (!parsed.ok) return this.refuse({ type: 'refused', id: parsed.id, code: parsed.code, reason: parsed.reason, message: parsed.message, method: null });
    this.handle(this.classify(parsed.msg), line, parsed.msg as Message);
  }

  /** Places a parsed client message (the gateway asks first, to know how to answer over HTTP). */
  classify(msg: unknown): Classified {
    return classifyClient(msg, this.flight);
  }

  /**
   * Acts on a classified message; `line` is its bytes, `msg` it parsed, `auth` who sent it
   * (the gateway passes each HTTP request's bearer; the guard's key is checked per message).
   */
  handle(c: Classified, line: Buffer, msg?: Message, auth: Authn = this.d.authenticate()): void {
    if (c.type === 'request') return this.requestSafely(c, line, msg, auth);
    if (c.type === 'notification') return this.notification(c.method, c.params, line, auth);
    if (c.type === 'response') return this.response(c.id, line, msg, auth);
    if (c.type === 'refused') return this.refuse(c, auth);
    this.recordRefusal(c.method, { decision: 'denied', reason: c.reason }, auth);
  }

  oversizeFromClient(head: Buffer, total: number): void {
    const id = idFromFragment(head);
    this.d.toClient(
      errorLine(id, ERR.INVALID_REQUEST, `message of ${total} bytes is over the guard's limit of ${this.d.maxMessageBytes} bytes; it was not relayed`),
      id ?? undefined,
    );
  }

  private refuse(c: Refused, auth?: Authn): void {
    this.d.toClient(this.refusal(c, auth), c.id ?? undefined);
  }

  /** The error line answering a refused message, with its audit row (the gateway sends it over HTTP itself). */
  refusal(c: Refused, auth: Authn = this.d.authenticate()): Buffer {
    this.recordRefusal(c.method, { decision: 'denied', reason: c.reason }, auth);
    return errorLine(c.id, c.code, c.message, { reason: c.reason });
  }

  private requestSafely(c: Request, line: Buffer, msg: Message | undefined, auth: Authn): void {
    try {
      this.request(c, line, msg, auth);
    } catch (e) {
      // The database failed under us (a full disk, a read-only data dir, a lock held past
      // the busy timeout): fail closed with an answer that names the cause and the fix,
      // instead of letting the exception end the guard.
      const failure = (this.d.dataDir ? resourceFailure(e, this.d.dataDir) : null) ?? (e as Error);
      const code = (failure as { code?: unknown }).code;
      this.log.error(`could not check ${c.method}: ${failure.message}`, { event: 'check_failed', server: this.d.server });
      this.d.toClient(
        errorLine(c.id, ERR.INTERNAL, `Gatehouse could not check this request, so it was not relayed: ${failure.message}`, typeof code === 'string' ? { code } : undefined),
        c.id,
      );
    }
  }

  private request(c: Request, line: Buffer, msg: Message | undefined, auth: Authn): void {
    const started = this.now();
    if (!auth.ok) {
      this.d.toClient(errorLine(c.id, ERR.KEY_REFUSED, `Gatehouse refused the credentials: ${auth.message}`, { reason: auth.reason }), c.id);
      return this.recordFor(auth.principal ?? null, c, { decision: 'denied', reason: auth.reason });
    }
    const principal = auth.principal;
    if (this.serverDown) {
      this.d.toClient(errorLine(c.id, ERR.UPSTREAM, this.serverDown), c.id);
      return this.recordFor(principal, c, { decision: 'error', reason: 'server_down' });
    }
    const verdict = this.d.enforcer.check(principal, this.d.server, { method: c.method, uses: c.uses, metered: c.spec.metered === true });
    if (!verdict.ok) return this.deny(c, principal, verdict, started);
    this.d.touch(principal.id);
    this.flight.requests.set(idKey(c.id), { method: c.method, spec: c.spec, uses: c.uses, start: started, principal, args: argumentsOf(c) });
    this.d.toServer(withNewline(line), msg);
  }

  private deny(c: Request, principal: Principal, verdict: Exclude<Verdict, { ok: true }>, started: number): void {
    const code = verdict.decision === 'rate_limited' ? ERR.RATE_LIMITED : ERR.DENIED;
    const data: Record<string, unknown> = { reason: verdict.reason };
    if (verdict.decision === 'rate_limited') data.retryAfterMs = verdict.retryAfterMs;
    this.d.toClient(errorLine(c.id, code, `Gatehouse: ${verdict.message}`, data), c.id);
    this.recordFor(principal, c, { decision: verdict.decision, reason: verdict.reason, latencyMs: this.now() - started });
  }

  private notification(method: string, params: Record<string, unknown> | undefined, line: Buffer, auth: Authn): void {
    // Nothing to answer; a refused key's notifications are dropped.
    if (!auth.ok || this.serverDown) return;
    if (method === 'notifications/cancelled') this.cancelled(params?.requestId);
    this.d.toServer(withNewline(line));
  }

  /** The client's answer to a request the server made (the classifier checked it is pending). */
  private response(id: Id, line: Buffer, msg: Message | undefined, auth: Authn): void {
    this.flight.answered(idKey(id));
    // As for notifications: a refused key's answers go nowhere.
    if (!auth.ok || this.serverDown) return;
    this.d.toServer(withNewline(line), msg);
  }

  private cancelled(requestId: unknown): void {
    if (!isId(requestId)) return;
    const p = this.flight.requests.get(idKey(requestId));
    if (!p) return;
    this.flight.requests.delete(idKey(requestId));
    this.audit(p, 'allowed', 'cancelled', null);
  }

  // ── server → client ────────────────────────────────────────────────────────

  /** A line of the server's; `relatedTo`: the client request whose stream it came on, if the transport says. */
  fromServer(line: Buffer, relatedTo?: Id): void {
    // Nothing awaits an answer and no id inside: a notification, passed as it is.
    if (this.flight.requests.size === 0 && line.indexOf(ID_MEMBER) < 0) return this.d.toClient(withNewline(line), undefined, relatedTo);
    let msg: Message;
    try {
      msg = JSON.parse(line.toString('utf8')) as Message;
    } catch {
      this.log.warn(`${this.d.server} wrote ${line.length} bytes that are not JSON to stdout; dropped`, { event: 'server_not_json', server: this.d.server });
      return;
    }
    if (typeof msg.method === 'string') {
      // A request of the server's own (sampling, elicitation, roots, ping): the client's answer may pass.
      if (isRequestId(msg.id)) this.flight.asked(idKey(msg.id), this.now());
      return this.d.toClient(withNewline(line), undefined, relatedTo);
    }
    if (!isId(msg.id)) return this.d.toClient(withNewline(line), undefined, relatedTo);
    this.answer(msg as Message & { id: Id }, line);
  }

  private answer(msg: Message & { id: Id }, line: Buffer): void {
    const key = idKey(msg.id);
    const p = this.flight.requests.get(key);
    if (!p) {
      // Already answered by Gatehouse (a timeout, a cancellation): a second answer would confuse the client.
      this.log.warn(`${this.d.server} answered a request that is no longer pending (id ${JSON.stringify(msg.id).slice(0, 40)}); dropped`, { event: 'late_answer', server: this.d.server });
      return;
    }
    this.flight.requests.delete(key);
    const list = p.spec.list;
    const filtered = list && !msg.error ? filteredList(msg, list, (use) => this.d.enforcer.allowed(p.principal, this.d.server, use)) : null;
    this.d.toClient(filtered ?? withNewline(line), msg.id);
    this.audit(p, 'allowed', outcomeOf(msg), null);
  }

  oversizeFromServer(head: Buffer, total: number): void {
    const id = idFromFragment(head);
    const p = id === null ? undefined : this.flight.requests.get(idKey(id));
    const message = `${this.d.server} sent a message of ${total} bytes, over the guard's limit of ${this.d.maxMessageBytes} bytes (setting maxMessageBytes); it was dropped`;
    this.log.warn(message, { event: 'server_oversize', server: this.d.server });
    if (p && id !== null) {
      this.flight.requests.delete(idKey(id));
      this.d.toClient(errorLine(id, ERR.UPSTREAM, message), id);
      this.audit(p, 'error', 'too_large', 'response_too_large');
    }
  }

  /** The server exited or could not start: answer what is pending, and every request from now on. */
  serverGone(message: string): void {
    this.serverDown = message;
    for (const [key, p] of [...this.flight.requests]) {
      this.audit(p, 'error', 'server_exit', 'server_exit');
      const id = idOfKey(key);
      this.d.toClient(errorLine(id, ERR.UPSTREAM, message), id);
    }
    this.flight.requests.clear();
  }

  /** Answers requests the server has not answered within timeoutMs; forgets its unanswered questions as old. */
  expire(timeoutMs: number): void {
    const cutoff = this.now() - timeoutMs;
    for (const [key, p] of this.flight.requests) {
      if (p.start > cutoff) continue;
      this.flight.requests.delete(key);
      const id = idOfKey(key);
      this.d.toClient(errorLine(id, ERR.UPSTREAM, `${this.d.server} did not answer ${p.method} within ${Math.round(timeoutMs / 1000)} s`), id);
      this.audit(p, 'error', 'timeout', 'timeout');
    }
    this.flight.forgetAsksBefore(cutoff);
  }

  // ── audit ──────────────────────────────────────────────────────────────────

  private audit(p: PendingRequest, decision: 'allowed' | 'error', outcome: string, reason: string | null): void {
    if (p.spec.quiet && decision === 'allowed') return;
    this.d.enforcer.record(p.principal, {
      server: this.d.server,
      method: p.method,
      tool: usedNames(p.uses),
      decision,
      reason,
      outcome,
      latencyMs: Math.round((this.now() - p.start) * 1000) / 1000,
      arguments: p.args,
      actor: this.actor,
    });
  }

  private recordFor(principal: Pick<Principal, 'type' | 'id'> | null, c: Request, o: Outcome): void {
    this.d.enforcer.record(principal, { server: this.d.server, method: c.method, tool: usedNames(c.uses), arguments: argumentsOf(c), actor: this.actor, ...o });
  }

  /** A message that never reached the server: on record with whoever sent it, when known. */
  private recordRefusal(method: string | null, o: Outcome, auth: Authn = this.d.authenticate()): void {
    const who = auth.ok ? auth.principal : (auth.principal ?? null);
    this.d.enforcer.record(who, { server: this.d.server, method: method ?? '(unreadable)', tool: null, actor: this.actor, ...o });
  }
}

/** A tool call's arguments, for the audit log (stored only when the admin opted in). */
function argumentsOf(c: Request): unknown {
  return c.method === 'tools/call' ? c.params?.arguments : undefined;
}

/** The line as it goes out: with its newline (a line the reader passed whole already has it). */
function withNewline(line: Buffer): Buffer {
  return line[line.length - 1] === NL ? line : Buffer.concat([line, NEWLINE]);
}
const NL = 0x0a;
const NEWLINE = Buffer.from('\n');
