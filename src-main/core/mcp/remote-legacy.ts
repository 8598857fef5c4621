// Speaking to a remote server of the 2025 era (2025-03-26 to 2025-11-25): the client's
// messages go as they are, the session id and negotiated version ride along, event streams
// are resumed from their last event id, and the GET stream carries what the server sends
// on its own. A client of the 2026-07-28 era gets the handshake done on its behalf: its
// `server/discover` is answered from the `initialize` result, and its requests lose their
// per-request envelope on the way.
import { isRequest, type Id, type Message } from './jsonrpc';
import { discoverFromInitialize, envelopeOf, LATEST_LEGACY, withoutEnvelope, type Envelope } from './era';
import { GATEHOUSE_CLIENT, parseLine, resultLine, type EraSession, type SessionContext } from './remote-session';
import type { Head, Exchange, Sink } from './http1';
import type { Headers } from './remote-http';
import { SseReader } from './sse';

const STREAM_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
/** How long messages after the handshake wait for the GET stream to open (or be refused). */
const STREAM_WAIT_MS = 2000;
let handshakes = 0;

export class LegacySession implements EraSession {
  private sessionId: string | null = null;
  private protocolVersion: string | null = null;
  /** The session's initialize result (whoever sent it), for a 2026-07-28 client's server/discover. */
  private initResult: Record<string, unknown> | null = null;
  private handshake: Promise<void> | null = null;
  private readonly stream: GetStream;
  private closed = false;
  /**
   * Set from the handshake's end until the GET stream is open (or refused, or
   * STREAM_WAIT_MS passed): messages wait for it, in order. A server that asks its client
   * something during the first call (elicitation, sampling) without tying the request to
   * that call sends it down the GET stream, and drops it while none is open.
   */
  private gate: Promise<void> | null = null;

  constructor(private readonly ctx: SessionContext) {
    this.stream = new GetStream(ctx, () => this.headers());
  }

  send(msg: Message, bytes: Buffer): void {
    if (this.gate) return void this.gate.then(() => this.sendNow(msg, bytes));
    this.sendNow(msg, bytes);
  }

  private sendNow(msg: Message, bytes: Buffer): void {
    const env = isRequest(msg) ? envelopeOf(msg) : null;
    if (env) return this.fromModern(msg as Message & { id: Id }, env);
    this.forward(msg, bytes);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.close();
    if (!this.sessionId) return this.ctx.http.close();
    // Ends the session upstream; best effort, not waited for longer than 5 s.
    void Promise.resolve(this.ctx.http.headers(this.headers())).then((h) => {
      const done = () => {
        clearTimeout(timer);
        this.ctx.http.close();
      };
      const timer = setTimeout(() => {
        exchange?.abort();
        done();
      }, 5000).unref();
      const exchange = this.ctx.http.request('DELETE', h, null, { error: done, head: () => ({ data: () => undefined, end: done, error: done }) });
    }, () => this.ctx.http.close());
  }

  private headers(): Headers {
    const h: Headers = {};
    if (this.sessionId) h['mcp-session-id'] = this.sessionId;
    if (this.protocolVersion) h['mcp-protocol-version'] = this.protocolVersion;
    return h;
  }

  /** A client message as it came: requests are answered on their POST, the rest is taken with 202. */
  private forward(msg: Message, bytes: Buffer, answer?: (line: Buffer) => void): void {
    const isReq = isRequest(msg);
    if (msg.method === 'notifications/initialized') this.holdUntilStream();
    this.ctx.post(
      {
        id: isReq ? msg.id : null,
        method: msg.method ?? null,
        body: bytes,
        headers: this.headers(),
        resume: (from) => ({ ...this.headers(), 'last-event-id': from }),
      },
      {
        head: (res) => this.head(res, msg),
        accepted: () => {
          if (msg.method === 'notifications/initialized') this.stream.open();
        },
        ...(answer ? { answer } : msg.method === 'initialize' ? { answer: (line: Buffer) => this.initialized(line) } : {}),
      },
    );
  }

  private holdUntilStream(): void {
    const gate: Promise<void> = this.stream.settled(STREAM_WAIT_MS).then(() => {
      if (this.gate === gate) this.gate = null;
    });
    this.gate = gate;
  }

  private head(res: Head, msg: Message): 'stop' | void {
    const sid = res.headers['mcp-session-id'];
    if (sid) this.sessionId = sid;
    if (res.status === 404 && this.sessionId && msg.method !== 'initialize') {
      this.ctx.on.gone(this.ctx.http.say('ended the session (HTTP 404); the next request starts a new one'));
      return 'stop';
    }
  }

  /** The session's initialize answer: its version goes on every later request. */
  private initialized(line: Buffer): void {
    this.noteInit(line);
    this.ctx.on.line(line);
  }

  private noteInit(line: Buffer): Record<string, unknown> | null {
    const result = parseLine(line)?.result as Record<string, unknown> | undefined;
    if (!result || typeof result !== 'object') return null;
    if (typeof result.protocolVersion === 'string') this.protocolVersion = result.protocolVersion;
    this.initResult = result;
    return result;
  }

  private fromModern(msg: Message & { id: Id }, env: Envelope): void {
    this.handshake ??= this.initializeFor(env);
    this.handshake.then(
      () => {
        if (msg.method === 'server/discover') return this.ctx.on.line(resultLine(msg.id, discoverFromInitialize(this.initResult ?? {})));
        const plain = withoutEnvelope(msg);
        this.forward(plain, Buffer.from(JSON.stringify(plain) + '\n', 'utf8'));
      },
      (e: Error) => this.ctx.failTo(msg.id, e.message),
    );
  }

  /** The 2025 handshake on behalf of a 2026-07-28 client: initialize with its identity, then initialized. */
  private initializeFor(env: Envelope): Promise<void> {
    const id = `gatehouse-initialize-${++handshakes}`;
    const init = {
      jsonrpc: '2.0',
      id,
      method: 'initialize',
      params: { protocolVersion: LATEST_LEGACY, capabilities: env.clientCapabilities, clientInfo: env.clientInfo ?? GATEHOUSE_CLIENT },
    };
    return new Promise((resolve, reject) => {
      const failed = (message: string) => {
        this.handshake = null; // the next request tries again
        reject(new Error(message));
      };
      this.ctx.post(
        { id, method: 'initialize', body: Buffer.from(JSON.stringify(init)), headers: {}, resume: (from) => ({ ...this.headers(), 'last-event-id': from }) },
        {
          head: (res) => this.head(res, init),
          other: () => undefined,
          fail: failed,
          answer: (line) => {
            if (!this.noteInit(line)) return failed(this.ctx.http.say(`refused initialize: ${errorText(line)}`));
            const note = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
            this.forward({ jsonrpc: '2.0', method: 'notifications/initialized' }, note);
            resolve(this.gate ?? undefined);
          },
        },
      );
    });
  }

}

function errorText(line: Buffer): string {
  const e = parseLine(line)?.error as { message?: unknown } | undefined;
  return typeof e?.message === 'string' ? e.message : line.toString('utf8').slice(0, 200);
}

/**
 * The GET stream: server requests and notifications unrelated to a POST. Optional (405).
 * Reopened after it ends, from its last event id, after the server's `retry` or a backoff.
 */
class GetStream {
  private exchange: Exchange | null = null;
  private reader: SseReader | null = null;
  private tries = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private open_ = false;
  private settle: (() => void) | null = null;

  constructor(
    private readonly ctx: SessionContext,
    private readonly headers: () => Headers,
  ) {}

  open(): void {
    if (this.closed || this.open_) return;
    this.open_ = true;
    const last = this.reader?.lastEventId;
    void Promise.resolve(this.ctx.http.headers({ ...this.headers(), accept: 'text/event-stream', ...(last ? { 'last-event-id': last } : {}) })).then((h) => {
      if (this.closed) return;
      this.exchange = this.ctx.http.request('GET', h, null, { error: () => this.ended(), head: (res) => this.head(res) });
    });
  }

  /** Resolves once the stream is open, refused or failed (the server's headers, or an error), or after `ms`. */
  settled(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.settle = () => {
        clearTimeout(timer);
        this.settle = null;
        resolve();
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.settle?.();
    if (this.timer) clearTimeout(this.timer);
    this.exchange?.abort();
    this.exchange = null;
    this.ctx.stream.on?.({ kind: 'closed' });
  }

  private get retryMs(): readonly number[] {
    return this.ctx.stream.retryMs ?? STREAM_RETRY_MS;
  }

  private head(res: Head): Sink | null {
    this.settle?.();
    if (res.status !== 200 || !(res.headers['content-type'] ?? '').includes('text/event-stream')) {
      this.open_ = false; // 405: this server has no GET stream; anything else: not retried
      this.tries = this.retryMs.length;
      this.ctx.stream.on?.({ kind: 'refused', status: res.status });
      return null;
    }
    this.tries = 0;
    // One reader for every connection: its last event id and retry carry over (end() resets the rest).
    const reader = (this.reader ??= new SseReader(this.ctx.maxMessageBytes, {
      line: (b) => this.ctx.on.line(b),
      oversize: (head, total) => this.ctx.on.oversize(head, total),
    }));
    return { data: (c) => reader.push(c), end: () => this.ended(), error: () => this.ended() };
  }

  private ended(): void {
    this.settle?.();
    this.reader?.end();
    this.exchange = null;
    if (!this.open_) return;
    this.open_ = false;
    if (this.closed || this.tries >= this.retryMs.length) return this.ctx.stream.on?.({ kind: 'ended', reopenInMs: null });
    const delay = this.reader?.retryMs ?? this.retryMs[this.tries]!;
    this.tries++;
    this.ctx.stream.on?.({ kind: 'ended', reopenInMs: delay });
    this.timer = setTimeout(() => this.open(), delay);
    this.timer.unref();
  }
}
