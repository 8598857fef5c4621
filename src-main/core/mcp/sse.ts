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
    const text = data.length === 1 ? data[0]!.toString('utf8') : data.map((d) => d.toString('utf8')).join('\n');
    this.sink.line(Buffer.from(oneLine(text) + '\n', 'utf8'));
  }

  private tooBig(head: Buffer, total: number): void {
    if (!this.overflowed) this.sink.oversize(head, total);
    this.overflowed = true;
    this.data = [];
  }
}

/** A JSON text as one line: the stdio side reads one message per line. */
export function oneLine(text: string): string {
  if (!/[\r\n]/.test(text)) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/[\r\n]+/g, ' ');
  }
}
