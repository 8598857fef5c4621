// The admin's long reads and the housekeeping, behind one interface with two homes: a
// worker thread with its own connections (the app and `serve`, where the main thread
// relays MCP traffic), or the calling thread (the CLI, tests: nothing else to keep
// responsive there). Callers await either the same way.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GatehouseError, type ErrorCode } from '../errors';
import { silentLogger, type Logger } from '../log';
import { openConnections, type ConnectionOptions } from './connections';
import { runReadOp, type ReadArgs, type ReadOp, type ReadResult } from './ops';
import type { ReadReply } from './worker';

export interface Reads {
  run<K extends ReadOp>(op: K, args: ReadArgs<K>): Promise<ReadResult<K>>;
  /** The thread the reads run on (0: the calling one). */
  readonly threadId: number;
  close(): Promise<void>;
}

/** Same thread: the CLI's one-shot commands and tests. */
export function directReads(opts: ConnectionOptions, connections: ReturnType<typeof openConnections> = openConnections(opts)): Reads {
  return {
    threadId: 0,
    run: (async (op, args) => runReadOp(connections, op, args)) as Reads['run'],
    close: async () => connections.close(),
  };
}

/** Where the worker's entry is: the built file beside the bundle, or the source under tsx (tests). */
export function workerEntry(from: string = fileURLToPath(import.meta.url)): { file: string; execArgv: string[] } | null {
  const dir = dirname(from);
  if (from.endsWith('.ts')) return { file: join(dir, 'worker.ts'), execArgv: ['--import', 'tsx'] };
  // Bundled: out/main/read-worker.js, and this module in out/main/ or out/main/chunks/.
  for (const d of [dir, dirname(dir)]) {
    const file = join(d, 'read-worker.js');
    if (existsSync(file)) return { file, execArgv: [] };
  }
  return null;
}

interface Waiting {
  op: ReadOp;
  args: unknown;
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * A worker thread, started on first use and again after a crash. Requests are posted
 * with an id; each reply settles its promise. The worker never holds a secret: it gets
 * the data dir, not the master key. A worker that cannot start at all (a packaging that
 * cannot load it) is said in the log once, and the reads run on this thread instead:
 * slower for MCP traffic while the admin reads, but the screens keep working.
 */
export function workerReads(
  opts: ConnectionOptions,
  log: Logger = silentLogger,
  entry: ReturnType<typeof workerEntry> = workerEntry(),
): Reads {
  if (!entry) {
    log.warn('the read worker is not built (out/main/read-worker.js); admin reads run on the main thread', { event: 'read_worker_missing' });
    return directReads(opts);
  }
  let worker: Worker | null = null;
  let fallback: Reads | null = null;
  let closing = false;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  const settle = (reply: ReadReply) => {
    const p = waiting.get(reply.id);
    if (!p) return;
    waiting.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(new GatehouseError(reply.code as ErrorCode, reply.message));
  };
  /** The worker never answered: run what waits for it, and all later reads, here. */
  const giveUp = (why: string) => {
    log.warn(`the read worker could not start (${why}); admin reads run on the main thread`, { event: 'read_worker_fallback' });
    fallback ??= directReads(opts);
    for (const [id, p] of waiting) {
      waiting.delete(id);
      fallback.run(p.op, p.args as never).then(p.resolve, p.reject);
    }
  };
  const start = (): Worker => {
    const w = new Worker(entry.file, { workerData: opts, execArgv: entry.execArgv });
    let answered = false;
    let failure = '';
    w.unref();
    w.on('message', (reply: ReadReply) => {
      answered = true;
      settle(reply);
    });
    w.on('error', (e) => {
      failure = e.message;
      log.error(`read worker failed: ${e.message}`, { event: 'read_worker_failed' });
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (!answered && code !== 0 && !closing) return giveUp(failure || `exit code ${code}`);
      for (const p of waiting.values()) p.reject(new GatehouseError('INTERNAL', 'the read worker stopped; try again'));
      waiting.clear();
    });
    return w;
  };
  const reads: Reads & { threadId: number } = {
    threadId: -1,
    run(op, args) {
      if (fallback) return fallback.run(op, args);
      closing = false;
      worker ??= start();
      reads.threadId = worker.threadId;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { op, args, resolve: resolve as (v: unknown) => void, reject });
        worker!.postMessage({ id, op, args });
      });
    },
    async close() {
      closing = true;
      await fallback?.close();
      const w = worker;
      worker = null;
      if (!w) return;
      const exited = new Promise((r) => w.once('exit', r));
      w.postMessage({ close: true });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await w.terminate();
    },
  };
  return reads;
}
