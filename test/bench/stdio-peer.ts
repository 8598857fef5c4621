// A line-based JSON-RPC peer over a process's stdio, for the guard benches: answers come
// back in request order (the echo server and the guard keep it), its stderr is kept.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export class StdioPeer {
  private buffered = '';
  private readonly pending: ((line: string) => void)[] = [];
  private nextId = 1;
  stderr = '';
  readonly exited: Promise<void>;

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (s: string) => {
      this.buffered += s;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.pending.shift()?.(line);
      }
    });
    proc.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => proc.on('exit', () => resolve()));
    proc.on('exit', (code) => {
      if (this.pending.length) throw new Error(`${proc.spawnargs.join(' ')} exited (${code}) mid-request: ${this.stderr}`);
    });
  }

  request(method: string, params: Record<string, unknown>): Promise<string> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.proc.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }) + '\n');
    });
  }

  async close(): Promise<void> {
    this.proc.stdin.end();
    await this.exited;
  }
}
