// The server processes and upstream sessions that stateless (2026-07-28) gateway clients
// share, one pool per server. A stdio server of the 2025 era expects one client and its own
// initialize, so the pool keeps at most gatewayPoolSize children (a setting; 2), started
// lazily (another only while every one is busy and the gateway's total cap has room), probes each with
// server/discover (stdio-open.ts): a child of 2026-07-28 gets the clients' requests as they
// are (their envelope in _meta, no handshake); any other gets the 2025 handshake once,
// gives every request a pool-wide JSON-RPC id (so many clients share a child without their
// ids colliding) and a pool-wide progress token (so each progress notification goes back
// to the request that asked for it), and ends a child idle for gatewayPoolIdleSeconds (60).
// A remote server gets one shared upstream: remote.ts speaks its era (2026-07-28 passes
// through; for a 2025 server, remote-legacy.ts does the handshake on the clients' behalf).
import type { Core } from '..';
import { discoverFromInitialize, envelopeOf, withoutEnvelope } from './era';
import { ERR, errorLine, isId, isRequest, type Id, type Message } from './jsonrpc';
import { parseLine, resultLine } from './lines';
import { PoolAsks, type Askable, type PoolSink } from './pool-input';
import { openStdio, type Ask, type ChildEra } from './stdio-open';
import { startUpstream, type Upstream } from './upstream';

export type { PoolSink } from './pool-input';

export interface PoolOptions {
  maxMessageBytes: number;
  requestTimeoutMs: number;
  /** Whether one more process fits under the gateway's total cap. */
  canStart(): boolean;
  /** A process was started (audit). */
  started(slot: number): void;
  /** How long a process may sit idle before it ends (default: the setting gatewayPoolIdleSeconds). */
  idleMs?: number;
  /** How long a child has to answer the server/discover probe (stdio-open.ts PROBE_MS). */
  probeMs?: number;
}

interface Pending extends Askable {
  token?: Id;
  slot: Slot;
}

interface Slot {
  n: number;
  upstream: Upstream;
  /** The child's era once known (null: a remote upstream, which finds its own). */
  ready: Promise<ChildEra | null>;
  inflight: number;
  lastUsed: number;
  dead: boolean;
}

let seq = 0;
const NO_UPSTREAM: Upstream = { send: () => undefined, close: () => undefined };

export class ServerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly tokens = new Map<string, string>();
  private readonly stdio: boolean;
  private readonly sweeper: NodeJS.Timeout;
  private started = 0;
  private readonly asks: PoolAsks;

  constructor(
    private readonly core: Core,
    readonly server: string,
    private readonly opts: PoolOptions,
  ) {
    this.stdio = core.servers.transportOf(server) === 'stdio';
    this.sweeper = setInterval(() => this.sweep(), Math.min(5_000, this.idleMs));
    this.sweeper.unref();
    this.asks = new PoolAsks({ toChild: (p, line) => (p as Pending).slot.upstream.send(line), timeoutMs: opts.requestTimeoutMs });
  }

  private get idleMs(): number {
    return this.opts.idleMs ?? this.core.settings.current().gatewayPoolIdleSeconds * 1000;
  }

  /** Processes (or upstream sessions) this pool holds now. */
  get size(): number {
    return this.slots.length;
  }

  /** How many it has started since it was made. */
  get startedCount(): number {
    return this.started;
  }

  /**
   * Sends one request; returns a function that cancels it, or a refusal message when no
   * process can take it. `owner` names who sent it (a call resumed after input must come from them).
   */
  request(msg: Message & { id: Id; method: string }, sink: PoolSink, owner?: string): (() => void) | string {
    const resumed = this.asks.resume(msg, sink, owner);
    if (typeof resumed === 'string') return resumed;
    if (resumed) return this.resumed(resumed as Pending, msg);
    const slot = this.pick();
    if (!slot) return `every process of ${this.server} is busy and the gateway holds as many as it may (setting gatewaySessionsTotal); retry shortly`;
    const key = `gh-${++seq}`;
    const name = msg.params?.[msg.method === 'resources/read' ? 'uri' : 'name'];
    const p: Pending = { key, id: msg.id, method: msg.method, sink, slot, caps: envelopeOf(msg)?.clientCapabilities ?? {}, owner, name };
    const out = this.outgoing(msg, key, p);
    this.pending.set(key, p);
    slot.inflight++;
    slot.lastUsed = Date.now();
    slot.ready.then(
      (era) => {
        if (!this.pending.has(key)) return;
        if (era?.era === 'legacy' && msg.method === 'server/discover') return this.fromSlot(slot, resultLine(key, discoverFromInitialize(era.init)));
        // A 2025 child gets no envelope; a 2026-07-28 child (or a remote upstream) gets the message as the client sent it.
        const sent = era?.era === 'legacy' ? withoutEnvelope(out) : out;
        slot.upstream.send(Buffer.from(JSON.stringify(sent) + '\n', 'utf8'), sent);
      },
      (e: Error) => this.finish(key, errorLine(msg.id, ERR.UPSTREAM, e.message)),
    );
    return () => this.cancel(key);
  }

  /** A call resumed after input: its answers went to the child; its progress and answer now go to this request. */
  private resumed(p: Pending, msg: Message): () => void {
    const token = (msg.params?._meta as Record<string, unknown> | undefined)?.progressToken;
    if (isId(token)) {
      p.token = token;
      this.tokens.set(p.key, p.key);
    }
    p.slot.lastUsed = Date.now();
    return () => this.cancel(p.key);
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const slot of [...this.slots]) this.end(slot, `Gatehouse: the gateway closed`);
  }

  /** The message as the server gets it: the pool's id and progress token. */
  private outgoing(msg: Message, key: string, p: Pending): Message {
    const meta = msg.params?._meta as Record<string, unknown> | undefined;
    const token = meta?.progressToken;
    if (!isId(token)) return { ...msg, id: key };
    p.token = token;
    this.tokens.set(key, key);
    return { ...msg, id: key, params: { ...msg.params, _meta: { ...meta, progressToken: key } } };
  }

  /** The least busy process; a new one while all are busy and there is room. */
  private pick(): Slot | null {
    const live = this.slots.filter((s) => !s.dead);
    const idle = live.reduce<Slot | null>((best, s) => (best === null || s.inflight < best.inflight ? s : best), null);
    const max = this.stdio ? this.core.settings.current().gatewayPoolSize : 1;
    if (idle && (idle.inflight === 0 || live.length >= max)) return idle;
    if (live.length < max && this.opts.canStart()) return this.startSlot();
    return idle;
  }

  private startSlot(): Slot {
    const n = ++this.started;
    const slot: Slot = { n, upstream: NO_UPSTREAM, ready: Promise.resolve(null), inflight: 0, lastUsed: Date.now(), dead: false };
    slot.upstream = startUpstream(this.core, this.server, this.opts.maxMessageBytes, {
      line: (bytes, relatedTo) => this.fromSlot(slot, bytes, relatedTo),
      oversize: () => undefined,
      gone: (message) => this.end(slot, message),
    }, { requestTimeoutMs: this.opts.requestTimeoutMs });
    if (this.stdio) slot.ready = this.open(slot);
    // A child that fails its handshake is ended: what waited on it is answered with why, and the next request starts another.
    slot.ready.catch((e: Error) => this.end(slot, e.message));
    this.slots.push(slot);
    this.opts.started(n);
    return slot;
  }

  /**
   * The child's era (stdio-open.ts). A 2025 child is told Gatehouse can sample and elicit:
   * its stateless clients are asked through input requests (pool-input.ts).
   */
  private open(slot: Slot): Promise<ChildEra> {
    return openStdio({
      server: this.server,
      ask: this.ask(slot),
      notify: (m) => slot.upstream.send(Buffer.from(JSON.stringify(m) + '\n')),
      requestTimeoutMs: this.opts.requestTimeoutMs,
      probeMs: this.opts.probeMs,
      capabilities: { sampling: {}, elicitation: {} },
    });
  }

  /** Gatehouse's own requests to a child (the probe, the handshake): answered, or null past `ms`. */
  private ask(slot: Slot): Ask {
    return (msg, ms) =>
      new Promise((resolve) => {
        if (slot.dead) return resolve(null);
        const timer = setTimeout(() => (this.finish(msg.id, null), resolve(null)), ms).unref();
        slot.inflight++; // in flight too (finish counts it down)
        const answer = (line: Buffer) => (clearTimeout(timer), resolve(parseLine(line)));
        this.pending.set(msg.id, { key: msg.id, id: msg.id, method: msg.method, slot, sink: { related: () => undefined, answer }, caps: {}, name: undefined });
        slot.upstream.send(Buffer.from(JSON.stringify(msg) + '\n'), msg);
      });
  }

  /** A message from a process: an answer (its id restored), progress (its token restored), or a request of its own. */
  private fromSlot(slot: Slot, bytes: Buffer, relatedTo?: Id): void {
    const msg = parseLine(bytes);
    if (!msg) return;
    if (typeof msg.method === 'string') return this.serverMessage(slot, msg, bytes, relatedTo);
    if (typeof msg.id !== 'string' || !this.pending.has(msg.id)) return;
    const p = this.pending.get(msg.id)!;
    const result = modernResult(p.method, msg.result);
    this.finish(msg.id, Buffer.from(JSON.stringify({ ...msg, id: p.id, ...(result === undefined ? {} : { result }) }) + '\n', 'utf8'));
  }

  private serverMessage(slot: Slot, msg: Message, bytes: Buffer, relatedTo?: Id): void {
    if (isRequest(msg)) {
      // A request of the server's own (sampling, elicitation, roots): an input request of the call it came with.
      if (msg.method === 'ping') return slot.upstream.send(resultLine(msg.id, {}));
      const related = typeof relatedTo === 'string' ? this.pending.get(relatedTo) : undefined;
      const calls = related ? [related] : [...this.pending.values()].filter((p) => p.slot === slot);
      return this.asks.ask(calls, msg, (l) => slot.upstream.send(l));
    }
    const token = (msg.params as { progressToken?: unknown } | undefined)?.progressToken;
    const key = typeof token === 'string' ? this.tokens.get(token) : typeof relatedTo === 'string' ? relatedTo : undefined;
    const p = key === undefined ? undefined : this.pending.get(key);
    if (!p) return;
    const out = p.token !== undefined && token !== undefined ? { ...msg, params: { ...msg.params, progressToken: p.token } } : null;
    p.sink.related(out ? Buffer.from(JSON.stringify(out) + '\n', 'utf8') : bytes);
  }

  private finish(key: string, line: Buffer | null): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    this.tokens.delete(key);
    this.asks.forget(key);
    p.slot.inflight--;
    p.slot.lastUsed = Date.now();
    if (line) p.sink.answer(line);
  }

  private cancel(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.finish(key, null);
    if (!p.slot.dead) p.slot.upstream.send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: key } }) + '\n'));
  }

  /** A process is gone (exited, failed, ended idle): what waited on it is answered with why. */
  private end(slot: Slot, message: string): void {
    if (slot.dead) return;
    slot.dead = true;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    slot.upstream.close();
    for (const [key, p] of [...this.pending]) if (p.slot === slot) this.finish(key, errorLine(p.id, ERR.UPSTREAM, message));
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const slot of [...this.slots]) if (slot.inflight === 0 && slot.lastUsed < cutoff) this.end(slot, 'idle');
  }
}

/** Results a 2026-07-28 client may cache: Gatehouse filters them per caller, so they are private and not kept. */
const CACHEABLE = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);

/**
 * A result as a 2026-07-28 client expects it: a 2025 server's has no resultType (it is
 * complete) and no caching fields; a list is filtered per caller, so never shared (private, ttl 0).
 */
function modernResult(method: string, result: unknown): unknown {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return result;
  const r = result as Record<string, unknown>;
  const out: Record<string, unknown> = { resultType: 'complete', ...r };
  if (CACHEABLE.has(method)) Object.assign(out, { ttlMs: 0, cacheScope: 'private' });
  return out;
}
