// How the guard ends: the client leaves (stdin closed, EPIPE), a signal, or the server exits.
import type { Core } from '../core';
import type { GuardServer } from './server';

/** How the guard ends: the client leaves (stdin closed, EPIPE), a signal, or the server exits. */
export function lifecycle(core: Core, up: GuardServer) {
  let exiting = false;
  let stdinEnded = false;
  let sweeper: NodeJS.Timeout | null = null;
  const finish = (code: number) => {
    if (exiting) return;
    exiting = true;
    if (sweeper) clearInterval(sweeper);
    try {
      core.close();
    } catch {
      // Closing cannot make things better now.
    }
    // Let stdout drain before exiting so the last answers reach the client; a client
    // that stopped reading (or a broken pipe: no drain ever comes) does not keep us up.
    if (process.stdout.writableLength > 0 && !process.stdout.destroyed) {
      process.stdout.once('drain', () => process.exit(code));
      setTimeout(() => process.exit(code), 2000).unref();
    } else process.exit(code);
  };
  const clientGone = () => {
    if (stdinEnded) return;
    stdinEnded = true;
    // The MCP stdio shutdown: close the server's stdin, then SIGTERM, then SIGKILL.
    up.bridge?.close();
    if (!up.stdio) return finish(0);
    void up.stdio.close().then(() => finish(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!up.stdio?.running) return finish(0);
      setTimeout(() => finish(0), 3000).unref();
      void up.stdio.forward(signal).then(() => finish(0));
    });
  }
  return {
    finish,
    clientGone,
    /** True once the guard itself is ending the server (its exit is then expected). */
    ending: () => exiting || stdinEnded,
    sweep(fn: () => void, everyMs: number) {
      sweeper = setInterval(fn, everyMs);
      sweeper.unref();
    },
  };
}
