// A local MCP server over stdio, as both enforcement points drive it: the guard (one
// client, Claude Desktop's) and the gateway (its sessions). One way to start it, to read
// its messages, to respect a full pipe, and to stop it: the MCP stdio shutdown (close its
// stdin, SIGTERM after a grace, SIGKILL after another).
import type { StdioLaunch } from '../servers/registry';
import { startChild, type ChildServer } from './child';
import { LineReader } from './line-reader';
import type { Upstream } from './upstream';

export interface StdioEvents {
  line(bytes: Buffer): void;
  oversize(head: Buffer, total: number): void;
  /** The process could not be started (ENOENT, EACCES…): `launch` is the command line tried. */
  failed(code: string, launch: string): void;
  /** It ended on its own (`how`: "exited with code 1", "was killed by SIGKILL"); not called after close(). */
  exited(how: string, child: ChildServer): void;
  /** Its stdin is full (true) or drained again (false): the caller stops and resumes reading its client. */
  backpressure?(full: boolean): void;
}

export interface StdioOptions {
  maxMessageBytes: number;
  /** Pass the server's stderr through to ours (the guard: client apps log it). Default true. */
  passStderr?: boolean;
  /** The shutdown's grace before SIGTERM, and again before SIGKILL. */
  graceMs?: number;
}

const GRACE_MS = 2000;

/**
 * Servers still running when this process exits (serve cut short by a second signal or
 * its drain deadline, the guard's own deadline): the shutdown's timers die with us, so
 * each gets SIGTERM on the way out rather than outliving Gatehouse as an orphan.
 */
const live = new Set<StdioServer>();
let exitHook = false;

function track(s: StdioServer): void {
  live.add(s);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const server of live) if (server.running) server.child.process.kill('SIGTERM');
  });
}

export class StdioServer implements Upstream {
  readonly child: ChildServer;
  private stopping = false;
  private readonly graceMs: number;
  private readonly exit: Promise<void>;

  constructor(launch: StdioLaunch, private readonly on: StdioEvents, opts: StdioOptions) {
    this.graceMs = opts.graceMs ?? GRACE_MS;
    this.child = startChild(launch, { passStderr: opts.passStderr });
    const p = this.child.process;
    const reader = new LineReader(opts.maxMessageBytes, { line: (b) => on.line(b), oversize: (h, t) => on.oversize(h, t) });
    p.stdout?.on('data', (chunk: Buffer) => reader.push(chunk));
    p.stdin?.on('error', () => undefined); // EPIPE after a crash: reported by 'exit'
    p.stdin?.on('drain', () => on.backpressure?.(false));
    p.on('error', (e) => on.failed((e as NodeJS.ErrnoException).code ?? e.message, [p.spawnfile, ...p.spawnargs.slice(1)].join(' ')));
    track(this);
    this.exit = new Promise((resolve) => {
      p.once('exit', (code, signal) => {
        live.delete(this);
        reader.end();
        if (!this.stopping) on.exited(signal ? `was killed by ${signal}` : `exited with code ${code}`, this.child);
        resolve();
      });
    });
  }

  get running(): boolean {
    const p = this.child.process;
    return p.exitCode === null && p.signalCode === null && p.pid !== undefined;
  }

  send(bytes: Buffer): void {
    const stdin = this.child.process.stdin;
    if (stdin?.writable && !stdin.write(bytes)) this.on.backpressure?.(true);
  }

  /** Stop reading the server while our own client cannot take more (and read again). */
  pauseOutput(): void {
    this.child.process.stdout?.pause();
  }

  resumeOutput(): void {
    this.child.process.stdout?.resume();
  }

  /** The MCP stdio shutdown; resolves once the process is gone. */
  close(): Promise<void> {
    this.stopping = true;
    const p = this.child.process;
    if (!this.running) return Promise.resolve();
    p.stdin?.end();
    const term = setTimeout(() => this.running && p.kill('SIGTERM'), this.graceMs);
    const kill = setTimeout(() => this.running && p.kill('SIGKILL'), 2 * this.graceMs);
    term.unref();
    kill.unref();
    return this.exit.finally(() => {
      clearTimeout(term);
      clearTimeout(kill);
    });
  }

  /** Pass a signal the guard got on to the server (its exit then ends the guard). */
  forward(signal: NodeJS.Signals): Promise<void> {
    this.stopping = true;
    if (this.running) this.child.process.kill(signal);
    return this.exit;
  }
}
