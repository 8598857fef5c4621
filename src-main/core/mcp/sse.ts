// Server-sent events as MCP's streamable HTTP uses them: each `message` event's data is
// one JSON-RPC message, handed on as one line. eventsource-parser reads the fields (every
// line ending the WHATWG format allows: LF, CRLF and a bare CR); this class only keeps an
// event from growing past the cap: it finds where each event ends (the blank line) so that
// an event over the cap is dropped whole, never buffered.
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { LineSink } from './line-reader';

const HEAD_CHARS = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

export class SseReader {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  /** Characters of the event being read, and its first ones (for the id of one too big). */
  private eventChars = 0;
  private head = '';
  private skipping = false;
  /** Where the scan for the blank line stands: at the start of a line, after a CR. */
  private atLineStart = true;
  private lastCR = false;
  /** The last event id the server sent (for Last-Event-ID on a reconnect). */
  lastEventId: string | null = null;
  /** The reconnection time the server asked for (the `retry` field), in ms. */
  retryMs: number | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly sink: LineSink,
  ) {
    this.parser = createParser({
      onEvent: (e) => this.dispatch(e),
      onId: (id) => (this.lastEventId = id === '' ? null : id),
      onRetry: (ms) => (this.retryMs = ms),
    });
  }

  /** The raw characters one event may take before its data is checked: data lines carry their field names. */
  private get rawCap(): number {
    return this.maxBytes * 2 + 4096;
  }

  push(chunk: Buffer): void {
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** At end of stream; an event without its blank line is dropped (WHATWG). */
  end(): void {
    this.feed(this.decoder.decode());
    this.parser.reset();
    this.endEvent();
  }

  private feed(text: string): void {
    let start = 0;
    while (start < text.length) {
      const end = this.scan(text, start);
      const stop = end < 0 ? text.length : end;
      this.segment(start === 0 && stop === text.length ? text : text.slice(start, stop));
      if (end >= 0) this.endEvent();
      start = stop;
    }
  }

  /** Part of one event: to the parser while the event stays under the cap, else dropped. */
  private segment(part: string): void {
    this.eventChars += part.length;
    if (this.skipping) return;
    if (this.head.length < HEAD_CHARS) this.head += part.slice(0, HEAD_CHARS - this.head.length);
    if (this.eventChars > this.rawCap) {
      this.skipping = true;
      this.parser.reset();
      this.sink.oversize(Buffer.from(this.head, 'utf8'), this.eventChars);
      return;
    }
    this.parser.feed(part);
  }

  private endEvent(): void {
    this.eventChars = 0;
    this.head = '';
    this.skipping = false;
  }

  /** The index just past the blank line that ends the current event, or -1 when it is not in `text`. */
  private scan(text: string, from: number): number {
    let i = from;
    for (;;) {
      const p = nextBreak(text, i);
      if (p < 0) {
        if (i < text.length) this.atLineStart = this.lastCR = false;
        return -1;
      }
      const c = text.charCodeAt(p);
      const empty = p === i && this.atLineStart;
      if (empty && c === LF && this.lastCR) {
        this.lastCR = false; // the LF of a CRLF
        i = p + 1;
        continue;
      }
      this.lastCR = c === CR;
      this.atLineStart = true;
      if (empty) return p + 1;
      i = p + 1;
    }
  }

  private dispatch(e: EventSourceMessage): void {
    if (e.event !== undefined && e.event !== 'message') return;
    if (e.data.trim() === '') return; // a priming event (an id and empty data) carries no message
    const bytes = Buffer.from(e.data, 'utf8');
    if (bytes.length > this.maxBytes) return this.sink.oversize(bytes.subarray(0, HEAD_CHARS), bytes.length);
    this.sink.line(lineOf(bytes));
  }
}

function nextBreak(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (lf < 0) return cr;
  if (cr < 0) return lf;
  return Math.min(lf, cr);
}

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * A JSON body as one line with its newline, trimmed: the bytes as they came when they
 * hold no line break (no decoding and encoding again), else `oneLine` of their text.
 */
export function lineOf(body: Buffer): Buffer {
  let start = 0;
  let end = body.length;
  while (start < end && isSpace(body[start]!)) start++;
  while (end > start && isSpace(body[end - 1]!)) end--;
  const inner = body.subarray(start, end);
  if (inner.includes(0x0a) || inner.includes(0x0d)) return Buffer.from(oneLine(inner.toString('utf8')) + '\n', 'utf8');
  if (end < body.length && body[end] === 0x0a) return body.subarray(start, end + 1);
  return Buffer.concat([inner, NEWLINE]);
}
const NEWLINE = Buffer.from('\n');

/** A JSON text as one line: the stdio side reads one message per line. */
export function oneLine(text: string): string {
  if (!/[\r\n]/.test(text)) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/[\r\n]+/g, ' ');
  }
}
