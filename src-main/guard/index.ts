// `gatehouse guard --server NAME`: what a protected client config launches instead of
// the real server. Loads only the core it needs: no UI, HTTP, OAuth or MCP SDK code.
// The steps: open the core (or answer why it cannot be opened), take the key, start the
// server, relay stdio through the shared Relay (the one classifier, policy, rate limits
// and audit), and end cleanly however it ends.
import { openCore, type Core } from '../core';
import { isGatehouseError } from '../core/errors';
import { LineReader } from '../core/mcp/line-reader';
import { Relay, type Authn } from '../core/mcp/relay';
import { takeKey } from './key';
import { serverDied, startServer, type GuardServer } from './server';

export interface GuardOptions {
  dataDir: string;
  server: string;
  /** Overrides the maxMessageBytes setting. */
  maxMessageBytes?: number;
  /** How long a request may wait for the server's answer. */
  requestTimeoutMs?: number;
}

/** SQLite page cache of a guard: the pages an audit insert touches, and a few more. */
const GUARD_CACHE_KIB = 256;

const say = (text: string) => process.stderr.write(`gatehouse guard: ${text}\n`);

/** Failures at open the admin can fix while the client app waits: answered over MCP, not by exiting. */
const ANSWERABLE = new Set(['DISK_FULL', 'DATA_DIR_READ_ONLY', 'DATABASE_BUSY']);

export async function runGuard(opts: GuardOptions): Promise<void> {
  let core: Core;
  try {
    // A small page cache: the guard reads a few cached rows and appends audit rows (issue 14).
    core = openCore({ dataDir: opts.dataDir, cacheKiB: GUARD_CACHE_KIB });
  } catch (e) {
    if (!isGatehouseError(e) || !ANSWERABLE.has(e.code)) throw e;
    delete process.env.GATEHOUSE_API_KEY;
    const { answerUnavailable } = await import('./unavailable');
    return answerUnavailable(e, opts.server);
  }
  // Events with no principal (the server's own failures) are the guard's.
  core.audit.defaultActor = 'guard';
  const key = takeKey(core, say);
  const maxMessageBytes = opts.maxMessageBytes ?? core.settings.get().maxMessageBytes;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 120_000;
  const up: GuardServer = { child: null, bridge: null };
  const relay = newRelay(core, opts.server, maxMessageBytes, key.authenticate, up);
  const life = lifecycle(core, up);

  if (key.first.ok) {
    // Before the client is read: nothing it sends can find the server not yet there.
    Object.assign(
      up,
      await startServer(core, opts.server, relay, maxMessageBytes, {
        say,
        exited: (how, c) => (life.ending() ? life.finish(0) : serverDied(core, opts.server, relay, how, c, say)),
      }),
    );
  } else {
    relay.serverGone(`Gatehouse refused the API key (${key.first.reason}): ${key.first.message}`);
  }
  readClient(relay, maxMessageBytes, life.clientGone);
  life.sweep(() => relay.expire(requestTimeoutMs), Math.min(1000, requestTimeoutMs / 4));
}

function newRelay(core: Core, server: string, maxMessageBytes: number, authenticate: () => Authn, up: GuardServer): Relay {
  const relay = new Relay({
    server,
    enforcer: core.enforcer,
    authenticate,
    touch: (id) => {
      try {
        core.keys.touch(id);
      } catch {
        // A read-only data dir: last-used is cosmetic.
      }
    },
    maxMessageBytes,
    dataDir: core.dataDir,
    toClient: (bytes) => {
      if (!process.stdout.write(bytes)) up.child?.process.stdout?.pause();
    },
    toServer: (bytes, msg) => {
      if (up.bridge) up.bridge.send(bytes, msg);
      else if (up.child?.process.stdin?.writable && !up.child.process.stdin.write(bytes)) process.stdin.pause();
    },
  });
  process.stdout.on('drain', () => up.child?.process.stdout?.resume());
  return relay;
}

function readClient(relay: Relay, maxMessageBytes: number, clientGone: () => void): void {
  const fromClient = new LineReader(maxMessageBytes, {
    line: (b) => relay.fromClient(b),
    oversize: (head, total) => relay.oversizeFromClient(head, total),
  });
  process.stdin.on('data', (chunk: Buffer) => fromClient.push(chunk));
  process.stdin.on('end', () => {
    fromClient.end();
    clientGone();
  });
  // EPIPE on stdout: the client closed its end without closing ours. Unhandled, it
  // crashed the guard with a stack trace; it means the same as stdin's end.
  process.stdout.on('error', () => {
    process.stdin.pause();
    clientGone();
  });
}

/** How the guard ends: the client leaves (stdin closed, EPIPE), a signal, or the server exits. */
function lifecycle(core: Core, up: GuardServer) {
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
    const p = up.child?.process;
    if (!p || p.exitCode !== null || p.signalCode !== null) return finish(0);
    p.stdin?.end();
    setTimeout(() => p.exitCode === null && p.kill('SIGTERM'), 2000).unref();
    setTimeout(() => {
      if (p.exitCode === null) p.kill('SIGKILL');
      finish(0);
    }, 4000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      const p = up.child?.process;
      if (!p || p.exitCode !== null) return finish(0);
      p.kill(signal);
      setTimeout(() => finish(0), 3000).unref();
      p.once('exit', () => finish(0));
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
