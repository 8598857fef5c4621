// Server-sent events (the WHATWG event-stream format) as MCP's streamable HTTP uses
// them: each `message` event's data is one JSON-RPC message, handed on as one line.
// Built on the LineReader, so an endless line or event never grows past the cap.
import { LineReader, type LineSink } from './line-reader';

export class SseReader {
  private readonly lines: LineReader;
  private data: Buffer[] = [];
  private size = 0;
  private event = '';
  private overflowed = false;
  /** The last event id the server sent (for Last-Event-ID on a reconnect). */
  lastEventId: string | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly sink: LineSink,
  ) {
    this.lines = new LineReader(maxBytes + 64, {
      line: (b) => this.field(b),
      oversize: (head, total) => this.tooBig(head, total),
    }, true);
  }

  push(chunk: Buffer): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private field(raw: Buffer): void {
    let end = raw.length;
    if (end > 0 && raw[end - 1] === 0x0a) end--;
    if (end > 0 && raw[end - 1] === 0x0d) end--;
    if (end === 0) return this.dispatch();
    const line = raw.subarray(0, end);
    if (line[0] === 0x3a) return; // a comment (keep-alive)
    const colon = line.indexOf(0x3a);
    const name = (colon < 0 ? line : line.subarray(0, colon)).toString('latin1');
    let value = colon < 0 ? Buffer.alloc(0) : line.subarray(colon + 1);
    if (value[0] === 0x20) value = value.subarray(1);
    if (name === 'data') {
      if (this.overflowed) return;
      this.size += value.length + (this.data.length ? 1 : 0);
      if (this.size > this.maxBytes) return this.tooBig(Buffer.concat([...this.data, value]).subarray(0, 64 * 1024), this.size);
      this.data.push(value);
    } else if (name === 'event') this.event = value.toString('utf8');
    else if (name === 'id' && !value.includes(0)) this.lastEventId = value.toString('utf8');
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.size = 0;
    this.event = '';
    this.overflowed = false;
    if (data.length === 0 || (event !== '' && event !== 'message')) return;
    this.sink.line(data.length === 1 ? lineOf(data[0]!) : lineOf(Buffer.from(data.map((d) => d.toString('utf8')).join('\n'), 'utf8')));
  }

  private tooBig(head: Buffer, total: number): void {
    if (!this.overflowed) this.sink.oversize(head, total);
    this.overflowed = true;
    this.data = [];
  }
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
