import type { Readable } from 'node:stream';

/** Keeps the last few kB a child wrote to stderr, for error messages. */
export class StderrTail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max = 4096) {}

  attach(stream: Readable | null | undefined, passThrough?: NodeJS.WritableStream): void {
    stream?.on('data', (chunk: Buffer) => {
      passThrough?.write(chunk);
      this.push(chunk);
    });
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.max)).toString('utf8').trim();
  }

  /** " — stderr: …" or "" when the child wrote nothing. */
  suffix(): string {
    const t = this.text();
    return t ? `; its stderr ends with:\n${t}` : '';
  }
}
