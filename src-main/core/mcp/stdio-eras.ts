// A stdio server behind one client (the guard's, a gateway session's) when the two may be of
// different eras. A client of 2026-07-28 (its first request carries the envelope) is passed
// through: it probes and falls back on its own. A 2025 client's `initialize` goes to the
// server first, as it came (a 2025 server sees exactly what the client sent, and nothing
// else before it); the client's next messages wait for the server's answer. Only when the
// server refuses it with -32022 naming 2026-07-28 (as a v2 SDK server with legacy openings
// refused does) is it probed with `server/discover` (stdio-open.ts) and, when the result
// offers 2026-07-28, spoken to on the client's behalf, as remote-modern.ts does over HTTP:
// initialize answered from the discover result, each request given the envelope the
// initialize implies, ping and logging/setLevel answered here, list changes and subscribed
// resources heard on one subscriptions/listen request, and input requests (multi
// round-trip results) asked of the client as server requests, the request sent again with
// the answers (input-rounds.ts).
import { envelopeFromInitialize, envelopeOf, initializeFromDiscover, withEnvelope, type Envelope } from './era';
import { idKey, isId, isRequest, isResponse, type Id, type Message } from './jsonrpc';
import { InputRounds, type Retried, type Round } from './input-rounds';
import { parseLine, resultLine } from './lines';
import { offersModern, probeStdio, type ChildEra } from './stdio-open';
import type { Upstream } from './upstream';

/** held: a 2025 client's initialize is with the server (or the server is being probed); the client's next messages wait. */
type Mode = 'new' | 'held' | 'pass' | 'modern';
type Request = Message & { id: Id; method: string };

export interface StdioErasOptions {
  server: string;
  /** Writes one line to the server's stdin. */
  write(bytes: Buffer): void;
  /** A line for the client. */
  toClient(line: Buffer): void;
  /** How long the probe may take, once the server named 2026-07-28 in refusing initialize (120 s). */
  requestTimeoutMs?: number;
}

const line = (m: Message) => Buffer.from(JSON.stringify(m) + '\n', 'utf8');

export class StdioEras implements Upstream {
  private mode: Mode = 'new';
  private readonly queue: { bytes: Buffer; msg: Message }[] = [];
  private probe: { id: string; settle(m: Message | null): void } | null = null;
  private env: Envelope = { protocolVersion: '', clientCapabilities: {} };
  private logLevel: string | null = null;
  private discover: Record<string, unknown> = {};
  /** A 2025 client's requests sent to a 2026-07-28 server, as sent (with the envelope), by id key. */
  private readonly sent = new Map<string, Message>();
  /** Requests sent again after input, by their id key. */
  private readonly retries = new Map<string, Round>();
  private readonly inputs: InputRounds;
  /** A 2025 client's initialize sent on to the server, until the server answers it. */
  private passedInit: Message | null = null;
  /** A probe given up on: its late answer is nobody's. */
  private lateProbe: string | null = null;
  /** The subscriptions/listen request kept open for a 2025 client (list changes, subscribed resources). */
  private listenId: string | null = null;
  private readonly uris = new Set<string>();

  constructor(private readonly o: StdioErasOptions) {
    this.inputs = new InputRounds({ toClient: (l) => o.toClient(l), retry: (request, _id, round) => this.retry(request, round) });
  }

  /** One client message, as the relay passed it. */
  send(bytes: Buffer, parsed?: Message): void {
    if (this.mode === 'pass') return this.o.write(bytes);
    const msg = parsed ?? parseLine(bytes);
    if (!msg) return this.o.write(bytes);
    if (this.mode === 'modern') return this.modern(msg);
    if (this.mode === 'held') return void this.queue.push({ bytes, msg });
    if (msg.method !== 'initialize' || envelopeOf(msg)) {
      this.mode = 'pass';
      return this.o.write(bytes);
    }
    this.mode = 'held';
    this.passedInit = msg;
    this.env = envelopeFromInitialize(msg.params);
    this.o.write(bytes);
  }

  /** One line of the server's, on its way to the client. */
  fromServer(bytes: Buffer): void {
    if (this.probe && bytes.includes(this.probe.id)) {
      const m = parseLine(bytes);
      if (m?.id === this.probe.id && m.method === undefined) return this.probe.settle(m);
    }
    if (this.lateProbe && bytes.includes(this.lateProbe) && parseLine(bytes)?.id === this.lateProbe) return void (this.lateProbe = null);
    if (this.passedInit && this.initAnswer(bytes)) return;
    if (this.mode !== 'modern') return this.o.toClient(bytes);
    if (this.listenLine(bytes)) return;
    if (bytes.includes('"id"')) return this.modernAnswer(bytes);
    this.o.toClient(bytes);
  }

  /** A line of a server of 2026-07-28 with an id: an answer to a retry, one that asks for input, or the client's. */
  private modernAnswer(bytes: Buffer): void {
    const m = parseLine(bytes);
    if (!m || !isId(m.id) || typeof m.method === 'string') return this.o.toClient(bytes);
    const key = idKey(m.id);
    const round = this.retries.get(key);
    if (round) {
      this.retries.delete(key);
      return this.inputs.answered(round, bytes);
    }
    const request = this.sent.get(key);
    this.sent.delete(key);
    if (request && InputRounds.asks(bytes)) return this.inputs.start(request, m.id, bytes);
    this.o.toClient(bytes);
  }

  close(): void {
    this.inputs.close();
    this.probe?.settle(null);
  }

  /**
   * The server's answer to a 2025 client's initialize (true: the line is handled). A server
   * of 2026-07-28 only refuses it with -32022 naming 2026-07-28: it is probed with
   * server/discover and spoken to for the client; any other answer (a 2025 server's result
   * or refusal) goes to the client as it came, and the client's held messages after it.
   */
  private initAnswer(bytes: Buffer): boolean {
    const init = this.passedInit!;
    const m = bytes.includes('"result"') || bytes.includes('"error"') ? parseLine(bytes) : null;
    if (!m || m.id !== init.id || m.method !== undefined) return false;
    this.passedInit = null;
    if (offersModern(m.error)) this.probe2026(init, bytes);
    else this.pass(bytes);
    return true;
  }

  /** Probes a server that refused initialize naming 2026-07-28; without a discover result that offers it, the refusal is the client's. */
  private probe2026(init: Message, refusal: Buffer): void {
    void probeStdio({ ask: (q, ms) => this.ask(q, ms), probeMs: this.o.requestTimeoutMs ?? 120_000, envelope: this.env }).then((era) => {
      if (era) return this.become(era, [{ bytes: refusal, msg: init }, ...this.queue.splice(0)]);
      this.pass(refusal);
    });
  }

  /** Passes everything from now on: the server's answer to the client, then the client's held messages. */
  private pass(answer: Buffer): void {
    this.mode = 'pass';
    this.o.toClient(answer);
    for (const q of this.queue.splice(0)) this.o.write(q.bytes);
  }

  /** Speaks for the client from now on: the held messages first. */
  private become(era: Extract<ChildEra, { era: 'modern' }>, held: { bytes: Buffer; msg: Message }[]): void {
    this.mode = 'modern';
    this.discover = era.discover;
    this.env = { ...this.env, protocolVersion: era.version };
    for (const q of held) this.modern(q.msg);
  }

  private ask(msg: Message & { id: string }, ms: number): Promise<Message | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => ((this.lateProbe = msg.id), settle(null)), ms).unref();
      const settle = (m: Message | null) => {
        clearTimeout(timer);
        this.probe = null;
        resolve(m);
      };
      this.probe = { id: msg.id, settle };
      this.o.write(line(msg));
    });
  }

  private envelope(): Envelope {
    return this.logLevel ? { ...this.env, logLevel: this.logLevel } : this.env;
  }

  private modern(msg: Message): void {
    if (isRequest(msg)) return this.request(msg);
    if (isResponse(msg)) return void this.inputs.response(msg); // answers to input requests
    if (msg.method === 'notifications/cancelled') return this.cancelled(msg);
    // Other notifications (initialized, roots/list_changed) have no 2026-07-28 counterpart.
  }

  private request(msg: Request): void {
    switch (msg.method) {
      case 'initialize':
        this.env = envelopeFromInitialize(msg.params, this.env.protocolVersion);
        this.o.toClient(resultLine(msg.id, initializeFromDiscover(msg.params?.protocolVersion, this.discover, this.o.server)));
        return this.listen();
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return this.subscription(msg);
      case 'ping':
        return this.o.toClient(resultLine(msg.id, {}));
      case 'logging/setLevel':
        this.logLevel = typeof msg.params?.level === 'string' ? msg.params.level : null;
        return this.o.toClient(resultLine(msg.id, {}));
    }
    const sent = withEnvelope(msg, this.envelope());
    this.sent.set(idKey(msg.id), sent);
    this.o.write(line(sent));
  }

  private subscription(msg: Request): void {
    const uri = msg.params?.uri;
    if (typeof uri === 'string' && (msg.method === 'resources/subscribe' ? !this.uris.has(uri) && this.uris.add(uri) : this.uris.delete(uri))) this.listen();
    this.o.toClient(resultLine(msg.id, {}));
  }

  /**
   * (Re)opens the one subscriptions/listen request for the client: what the server offers
   * to announce (list changes) and the resources it subscribed to; the old one is cancelled.
   */
  private listen(): void {
    if (this.listenId) this.o.write(line({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: this.listenId } }));
    this.listenId = null;
    const notifications = listenFilter(this.discover.capabilities, this.uris);
    if (Object.keys(notifications).length === 0) return;
    this.listenId = `gatehouse-listen-${++listens}`;
    this.o.write(line(withEnvelope({ jsonrpc: '2.0', id: this.listenId, method: 'subscriptions/listen', params: { notifications } }, this.envelope())));
  }

  /** The listen stream's own lines (its acknowledgement, its end): none is the client's. */
  private listenLine(bytes: Buffer): boolean {
    if (!bytes.includes('subscriptions/acknowledged') && !bytes.includes('gatehouse-listen-')) return false;
    const m = parseLine(bytes);
    if (m?.method === 'notifications/subscriptions/acknowledged') return true;
    return typeof m?.id === 'string' && m.id.startsWith('gatehouse-listen-') && m.method === undefined;
  }

  private cancelled(msg: Message): void {
    const id = msg.params?.requestId;
    if (!isId(id)) return;
    this.sent.delete(idKey(id));
    this.inputs.cancel(id);
    this.o.write(line(msg));
  }

  private retry(request: Message, round: Round): Retried {
    const key = idKey(request.id!);
    this.retries.set(key, round);
    this.o.write(line(request));
    return {
      abort: () => {
        if (this.retries.delete(key)) this.o.write(line({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: request.id } }));
      },
    };
  }
}

let listens = 0;

/** A subscriptions/listen filter: the list changes a server offers, and the resources subscribed to. */
function listenFilter(capabilities: unknown, uris: Set<string>): Record<string, unknown> {
  const caps = (capabilities ?? {}) as Record<string, { listChanged?: unknown } | undefined>;
  const f: Record<string, unknown> = {};
  if (caps.tools?.listChanged === true) f.toolsListChanged = true;
  if (caps.prompts?.listChanged === true) f.promptsListChanged = true;
  if (caps.resources?.listChanged === true) f.resourcesListChanged = true;
  if (uris.size > 0) f.resourceSubscriptions = [...uris];
  return f;
}
