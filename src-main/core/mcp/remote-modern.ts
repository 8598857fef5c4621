// Speaking to a remote server of the 2026-07-28 era. A 2026-07-28 client's requests go as
// they are, with the headers the revision asks for (MCP-Protocol-Version, Mcp-Method,
// Mcp-Name, Mcp-Param-*). A 2025 client is spoken for: its initialize is answered from
// `server/discover`, each of its requests gets the per-request envelope (its identity,
// capabilities and log level), its ping and logging/setLevel are answered here, its
// resource subscriptions and the list-changed notifications ride a subscriptions/listen
// stream, and input requests come to it as server requests (input-rounds.ts).
import { isId, isRequest, isResponse, type Id, type Message } from './jsonrpc';
import { envelopeFromInitialize, envelopeOf, initializeFromDiscover, modernHeaders, withEnvelope, type Envelope } from './era';
import { ParamHeaders } from './param-headers';
import { InputRounds, type Round } from './input-rounds';
import { ListenStream } from './remote-listen';
import { parseLine, resultLine, type EraSession, type SessionContext } from './remote-session';

type Request = Message & { id: Id; method: string };

export class ModernSession implements EraSession {
  /** A 2025 client's envelope, from its initialize. */
  private legacy: Envelope | null = null;
  private logLevel: string | null = null;
  private readonly params = new ParamHeaders();
  private readonly inputs: InputRounds;
  private readonly listen: ListenStream;

  constructor(
    private readonly ctx: SessionContext,
    private readonly version: string,
    private readonly discover: Record<string, unknown>,
  ) {
    this.inputs = new InputRounds({
      toClient: (line) => ctx.on.line(line),
      retry: (request, clientId, round) => this.retry(request, clientId, round),
    });
    this.listen = new ListenStream(ctx, this.capabilities(), () => this.envelope());
  }

  send(msg: Message, bytes: Buffer): void {
    if (isRequest(msg)) return envelopeOf(msg) ? this.forward(msg, bytes) : this.fromLegacy(msg);
    if (isResponse(msg)) return void this.inputs.response(msg); // answers to input requests; no other has a taker
    if (msg.method === 'notifications/cancelled') return this.cancel(msg.params?.requestId);
    // Other notifications (initialized, roots/list_changed) have no 2026-07-28 counterpart.
  }

  close(): void {
    this.inputs.close();
    this.listen.close();
    this.ctx.http.close();
  }

  private capabilities(): Record<string, unknown> {
    const c = this.discover.capabilities;
    return c && typeof c === 'object' ? (c as Record<string, unknown>) : {};
  }

  private envelope(): Envelope {
    const env = this.legacy ?? { protocolVersion: this.version, clientCapabilities: {} };
    return this.logLevel ? { ...env, logLevel: this.logLevel } : env;
  }

  private headersOf(msg: Message): Record<string, string> {
    const h = modernHeaders(msg, this.version);
    if (msg.method === 'tools/call') Object.assign(h, this.params.headersFor(msg.params?.name, msg.params?.arguments));
    return h;
  }

  /** A 2026-07-28 client's request, as it came. Its tools/list answers teach the Mcp-Param headers. */
  private forward(msg: Request, bytes: Buffer): void {
    const learn = msg.method === 'tools/list' ? (line: Buffer) => void this.tools(line) : null;
    this.ctx.post(
      // A subscriptions/listen stream lives as long as its client wants it: no deadline.
      { id: msg.id, method: msg.method, body: bytes, headers: this.headersOf(msg), resume: null, ...(msg.method === 'subscriptions/listen' ? { deadline: Infinity } : {}) },
      learn ? { answer: (line) => (learn(line), this.ctx.on.line(line)) } : {},
    );
  }

  private fromLegacy(msg: Request): void {
    switch (msg.method) {
      case 'initialize':
        return this.initialize(msg);
      case 'ping':
        return this.ctx.on.line(resultLine(msg.id, {}));
      case 'logging/setLevel':
        this.logLevel = typeof msg.params?.level === 'string' ? msg.params.level : null;
        return this.ctx.on.line(resultLine(msg.id, {}));
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return this.subscription(msg);
      default:
        return this.legacyRequest(msg);
    }
  }

  /** Answered from server/discover: the 2025 client gets the version it asked for when Gatehouse speaks it. */
  private initialize(msg: Request): void {
    this.legacy = envelopeFromInitialize(msg.params, this.version);
    this.ctx.on.line(resultLine(msg.id, initializeFromDiscover(msg.params?.protocolVersion, this.discover, this.ctx.http.server)));
    this.listen.open();
  }

  private subscription(msg: Request): void {
    const uri = msg.params?.uri;
    if (typeof uri === 'string') {
      if (msg.method === 'resources/subscribe') this.listen.subscribe(uri);
      else this.listen.unsubscribe(uri);
    }
    this.ctx.on.line(resultLine(msg.id, {}));
  }

  private legacyRequest(msg: Request): void {
    const body = withEnvelope(msg, this.envelope());
    this.ctx.post(
      { id: msg.id, method: msg.method, body: Buffer.from(JSON.stringify(body)), headers: this.headersOf(body), resume: null },
      { answer: (line) => this.legacyAnswer(body, msg.id, line) },
    );
  }

  private legacyAnswer(request: Message, clientId: Id, line: Buffer): void {
    if (InputRounds.asks(line)) return this.inputs.start(request, clientId, line);
    if (request.method === 'tools/list') return this.ctx.on.line(this.tools(line));
    this.ctx.on.line(line);
  }

  /** A retried request after input: its answer is the client's, under the client's id. */
  private retry(request: Message, clientId: Id, round: Round) {
    return this.ctx.post(
      { id: request.id!, method: request.method!, body: Buffer.from(JSON.stringify(request)), headers: this.headersOf(request), resume: null },
      {
        answer: (line) => this.inputs.answered(round, line),
        other: (line) => this.ctx.on.line(line),
        fail: (message) => this.inputs.failed(round, message),
      },
    );
  }

  /** Learns the Mcp-Param declarations of a tools/list answer; the line without the tools no client may use. */
  private tools(line: Buffer): Buffer {
    const m = parseLine(line);
    const result = m?.result as { tools?: unknown } | undefined;
    if (!m || !result || !Array.isArray(result.tools)) return line;
    const kept = this.params.learn(result.tools);
    if (kept.length === result.tools.length) return line;
    return Buffer.from(JSON.stringify({ ...m, result: { ...result, tools: kept } }) + '\n', 'utf8');
  }

  /** On HTTP, closing a request's stream cancels it (2026-07-28 has no cancel notification there). */
  private cancel(requestId: unknown): void {
    if (!isId(requestId)) return;
    this.ctx.callOf(requestId)?.abort();
    this.inputs.cancel(requestId);
  }
}

