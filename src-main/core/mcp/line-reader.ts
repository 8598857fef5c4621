// Splits a byte stream into newline-delimited messages with a size cap. A line over
// the cap is not buffered: its first bytes are kept (to find its JSON-RPC id), the
// rest is dropped until the next newline, and it is reported as oversize.
const NL = 0x0a;
const CR = 0x0d;
const HEAD_BYTES = 64 * 1024;

export interface LineSink {
  /** One message; it may still end with its newline (a line read whole is passed on uncopied). */
  line(bytes: Buffer): void;
  oversize(head: Buffer, totalBytes: number): void;
}

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;
  private head: Buffer | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly sink: LineSink,
    private readonly keepEmpty = false,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NL, start);
      // The common case: a whole line inside this chunk. Handed on with its newline, as a
      // view of the chunk: no copy, and the relay can forward it as it is.
      if (nl > start && this.size === 0 && !this.discarding && nl - start <= this.maxBytes && chunk[nl - 1] !== CR) {
        this.sink.line(chunk.subarray(start, nl + 1));
        start = nl + 1;
        continue;
      }
      const end = nl < 0 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl < 0) return;
      this.finishLine();
      start = nl + 1;
    }
  }

  /** At end of stream: a last line without a newline still counts. */
  end(): void {
    if (this.size > 0 || this.discarding) this.finishLine();
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.discarding) {
      this.size += piece.length;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
    if (this.size > this.maxBytes) {
      const all = Buffer.concat(this.parts);
      this.head = Buffer.from(all.subarray(0, HEAD_BYTES));
      this.parts = [];
      this.discarding = true;
    }
  }

  private finishLine(): void {
    if (this.discarding) {
      this.sink.oversize(this.head!, this.size);
    } else if (this.size > 0 || this.keepEmpty) {
      let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
      if (line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
      if (line.length > 0 || this.keepEmpty) this.sink.line(line);
    }
    this.parts = [];
    this.size = 0;
    this.discarding = false;
    this.head = null;
  }
}
