// One message POSTed to a remote MCP server, and its answer: one JSON body, or an event
// stream whose response event answers it. A 2025-11-25 server may close that stream before
// the answer, after an event with an id (and maybe `retry`): the call then resumes it with
// GET and Last-Event-ID after the time the server asked for, a bounded number of times.
// 2026-07-28 streams are never resumed (the revision dropped it): the call fails at once.
import type { Exchange, Head, Sink } from './http1';
import { idKey, isResponse, type Id, type Message } from './jsonrpc';
import { errnoText, type Headers, type RemoteHttp } from './remote-http';
import { lineOf, SseReader } from './sse';

const ERROR_BODY_BYTES = 64 * 1024;
const ERROR_TEXT_CHARS = 2048;
/** Reconnections in a row that bring no new event before the call gives up. */
export const MAX_RESUMES = 5;
const DEFAULT_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;

export interface CallSpec {
  /** The request's id; null for a notification or a response (nothing answers it). */
  id: Id | null;
  method: string | null;
  body: Buffer;
  /** The era's own headers (session, protocol version, method and name). */
  headers: Headers;
  /** The headers of a GET resuming the stream from an event id; null: not resumable. */
  resume: ((lastEventId: string) => Headers) | null;
  deadline: number;
}

export interface CallEvents {
  /** The response to this request. */
  answer(line: Buffer): void;
  /** Anything else the server sent on the request's stream. */
  other(line: Buffer): void;
  /** The request cannot be answered: the caller tells its sender. */
  fail(message: string): void;
  oversize(head: Buffer, total: number): void;
  /** The server as a whole can no longer be used (its sign-in is lost). */
  gone(message: string): void;
  /** The answer's status line and headers, before anything else: 'stop' when the era took care of it. */
  head(res: Head): 'stop' | void;
  /** 202 or 204: a notification or response was taken. */
  accepted(): void;
  /** The call ended, whichever way. */
  done(): void;
}

export class Call {
  private exchange: Exchange | null = null;
  private reader: SseReader | null = null;
  private timer: NodeJS.Timeout | null = null;
  private answered = false;
  private finished = false;
  private retried = false;
  private resumes = 0;
  private resumedFrom: string | null = null;

  constructor(
    private readonly http: RemoteHttp,
    readonly spec: CallSpec,
    private readonly maxMessageBytes: number,
    private readonly on: CallEvents,
  ) {}

  get key(): string | null {
    return this.spec.id === null ? null : idKey(this.spec.id);
  }

  start(): void {
    const h = this.http.headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...this.spec.headers });
    if (h instanceof Promise) h.then((headers) => this.post(headers), (e: Error) => this.fail(this.http.say(`failed: ${e.message}`)));
    else this.post(h);
  }

  /** Stops the call without an answer (cancelled, closed): nothing more is delivered. */
  abort(): void {
    if (this.finished) return;
    this.finish();
  }

  /** Fails the call when its deadline has passed; true when it did. */
  expire(now: number, timeoutMs: number): boolean {
    if (this.finished || now < this.spec.deadline) return false;
    this.fail(this.http.say(`did not answer ${this.spec.method ?? 'the request'} within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`));
    return true;
  }

  private post(headers: Headers): void {
    if (this.finished) return;
    this.exchange = this.http.request('POST', headers, this.spec.body, {
      error: (e) => this.fail(this.http.say(`could not be reached: ${errnoText(e)}`)),
      head: (res, exchange) => this.onHead(res, exchange),
    });
  }

  private onHead(res: Head, exchange: Exchange): Sink | null {
    if (this.on.head(res) === 'stop') return this.finish(), null;
    if (res.status === 401 && this.http.canReauthorize && !this.retried) return this.reauthorize(res), null;
    if (res.status === 401 && this.http.canReauthorize) return this.gone(this.http.signInMessage), null;
    if (res.status === 202 || res.status === 204) return this.accepted(), null;
    const type = res.headers['content-type'] ?? '';
    const ok = res.status >= 200 && res.status < 300;
    if (ok && type.includes('text/event-stream')) return this.eventSink();
    if (ok && type.includes('application/json')) return this.jsonSink(exchange);
    return this.errorSink(res);
  }

  private reauthorize(res: Head): void {
    this.retried = true;
    void this.http.reauthorize(res).then((ok) => (ok ? this.start() : this.gone(this.http.signInMessage)));
  }

  private accepted(): void {
    if (this.spec.id !== null) return this.fail(this.http.say(`took ${this.spec.method} without answering it (HTTP 202)`));
    this.on.accepted();
    this.finish();
  }

  private jsonSink(exchange: Exchange): Sink {
    const parts: Buffer[] = [];
    let size = 0;
    return {
      data: (chunk) => {
        size += chunk.length;
        if (size > this.maxMessageBytes) {
          this.on.oversize(Buffer.concat(parts.concat(chunk)).subarray(0, 64 * 1024), size);
          exchange.abort();
          return this.finish();
        }
        parts.push(chunk);
      },
      error: (e) => this.fail(this.http.say(`broke off its answer: ${e.message}`)),
      end: () => {
        if (this.finished) return;
        this.answer(lineOf(parts.length === 1 ? parts[0]! : Buffer.concat(parts)));
      },
    };
  }

  /** A status that is no answer: its JSON-RPC error when the body is one (2026-07-28 servers say why), else its text. */
  private errorSink(res: Head): Sink {
    const parts: Buffer[] = [];
    let size = 0;
    const finish = () => {
      if (this.finished) return;
      const text = Buffer.concat(parts).toString('utf8');
      const error = this.spec.id === null ? null : jsonRpcError(text);
      if (error) return this.answer(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: this.spec.id, error }) + '\n', 'utf8'));
      this.fail(this.http.statusText(res, text.slice(0, ERROR_TEXT_CHARS).trim()));
    };
    return {
      data: (chunk) => {
        if (size >= ERROR_BODY_BYTES) return;
        parts.push(chunk);
        size += chunk.length;
      },
      end: finish,
      error: finish,
    };
  }

  private eventSink(): Sink {
    this.reader ??= new SseReader(this.maxMessageBytes, { line: (b) => this.event(b), oversize: (head, total) => this.on.oversize(head, total) });
    const reader = this.reader;
    return {
      data: (chunk) => reader.push(chunk),
      end: () => this.streamEnded(),
      error: () => this.streamEnded(),
    };
  }

  private event(line: Buffer): void {
    if (this.finished) return;
    if (!this.answered && this.answers(line)) return this.answer(line);
    this.on.other(line);
  }

  /** Whether an event of this call's stream is its response (parsed only when it may be one). */
  private answers(line: Buffer): boolean {
    if (this.spec.id === null || (!line.includes('"result"') && !line.includes('"error"'))) return false;
    try {
      const m = JSON.parse(line.toString('utf8')) as Message;
      return isResponse(m) && idKey(m.id) === idKey(this.spec.id);
    } catch {
      return false;
    }
  }

  private streamEnded(): void {
    this.reader?.end();
    if (this.finished) return;
    if (this.answered) return this.finish();
    const from = this.reader?.lastEventId ?? null;
    const what = this.spec.method ?? 'the request';
    if (!this.spec.resume) return this.fail(this.http.say(`closed the event stream of ${what} before answering it`));
    if (!from) return this.fail(this.http.say(`closed the event stream of ${what} before answering it, with no event id to resume from`));
    this.resumes = from === this.resumedFrom ? this.resumes + 1 : 1;
    if (this.resumes > MAX_RESUMES) return this.fail(this.http.say(`closed the event stream of ${what} ${MAX_RESUMES} times without answering it`));
    this.resumedFrom = from;
    const delay = Math.min(Math.max(this.reader?.retryMs ?? DEFAULT_RETRY_MS, 0), MAX_RETRY_MS);
    this.timer = setTimeout(() => this.resume(from), delay);
  }

  /** GET with Last-Event-ID: the server sends the rest of the stream, the answer among it. */
  private resume(from: string): void {
    this.timer = null;
    const h = this.http.headers({ accept: 'text/event-stream', ...this.spec.resume!(from) });
    const get = (headers: Headers) => {
      if (this.finished) return;
      this.exchange = this.http.request('GET', headers, null, {
        error: () => this.streamEnded(),
        head: (res) => {
          if (res.status === 200 && (res.headers['content-type'] ?? '').includes('text/event-stream')) return this.eventSink();
          this.fail(this.http.say(`could not resume the event stream of ${this.spec.method} (HTTP ${res.status})`));
          return null;
        },
      });
    };
    if (h instanceof Promise) h.then(get, (e: Error) => this.fail(this.http.say(`failed: ${e.message}`)));
    else get(h);
  }

  private answer(line: Buffer): void {
    this.answered = true;
    this.on.answer(line);
    if (!this.reader) this.finish();
  }

  private fail(message: string): void {
    if (this.finished) return;
    this.finish();
    this.on.fail(message);
  }

  private gone(message: string): void {
    if (this.finished) return;
    this.finish();
    this.on.gone(message);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.exchange?.abort();
    this.exchange = null;
    this.on.done();
  }
}

/** The error of a JSON-RPC error response in `text`, or null. */
function jsonRpcError(text: string): { code: number; message: string; data?: unknown } | null {
  try {
    const m = JSON.parse(text) as { jsonrpc?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };
    const e = m?.error;
    if (m?.jsonrpc !== '2.0' || !e || typeof e.code !== 'number' || typeof e.message !== 'string') return null;
    return e.data === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, data: e.data };
  } catch {
    return null;
  }
}
