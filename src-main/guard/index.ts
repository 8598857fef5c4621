// `gatehouse guard --server NAME`: what a protected client config launches instead of
// the real server. Loads only the core it needs: no UI, HTTP, OAuth or MCP SDK code.
// The steps: open the core (or answer why it cannot be opened), take the key, start the
// server, relay stdio through the shared Relay (the one classifier, policy, rate limits
// and audit), and end cleanly however it ends.
import { openCore, type Core, type CoreOptions } from '../core';
import { masterKeyProviders } from '../core/crypto/master-key-sources';
import { createLogger } from '../core/log';
import { isGatehouseError } from '../core/errors';
import { lifecycle } from './lifecycle';
import { newRelay, readClient } from './client';
import { takeKey } from './key';
import { serverDied, startServer, type GuardServer } from './server';

export interface GuardOptions {
  dataDir: string;
  /** Team mode: the PostgreSQL store (its master key from the environment only, as serve's). */
  databaseUrl?: string;
  /** Team mode: PostgreSQL's statement_timeout for the guard's one connection. */
  statementTimeoutMs?: number;
  server: string;
  /** Overrides the maxMessageBytes setting. */
  maxMessageBytes?: number;
  /** How long a request may wait for the server's answer. */
  requestTimeoutMs?: number;
}

/** SQLite page cache of a guard: the pages an audit insert touches, and a few more. */
const GUARD_CACHE_KIB = 256;

// What the guard says goes to stderr, which the client app keeps as the server's log;
// stdout is the MCP channel. One logger for the guard and the core it opens.
const log = createLogger({ format: 'text', level: 'info', name: 'gatehouse guard', write: (l) => process.stderr.write(l) });
const say = (text: string) => log.warn(text);

/** Failures at open the admin can fix while the client app waits (team mode: a database out of reach too): answered over MCP, not by exiting. */
const ANSWERABLE = new Set(['DISK_FULL', 'DATA_DIR_READ_ONLY', 'DATABASE_BUSY', 'DATABASE_UNAVAILABLE']);

/** On PostgreSQL (team mode), the store and where the master key comes from: the environment only, as for serve and the CLI. */
function teamStore(opts: GuardOptions): Pick<CoreOptions, 'databaseUrl' | 'statementTimeoutMs' | 'masterKeyProviders'> {
  if (!opts.databaseUrl) return {};
  return { databaseUrl: opts.databaseUrl, statementTimeoutMs: opts.statementTimeoutMs, masterKeyProviders: masterKeyProviders({ dataDir: opts.dataDir, service: true, log }) };
}

export async function runGuard(opts: GuardOptions): Promise<void> {
  let core: Core;
  try {
    // A small page cache: the guard reads a few cached rows and appends audit rows (issue 14).
    core = openCore({ dataDir: opts.dataDir, cacheKiB: GUARD_CACHE_KIB, log, ...teamStore(opts) });
  } catch (e) {
    if (!isGatehouseError(e) || !ANSWERABLE.has(e.code)) throw e;
    delete process.env.GATEHOUSE_API_KEY;
    const { answerUnavailable } = await import('./unavailable');
    return answerUnavailable(e, opts.server, log);
  }
  // Events with no principal (the server's own failures) are the guard's.
  core.audit.defaultActor = 'guard';
  const key = takeKey(core, say);
  const maxMessageBytes = opts.maxMessageBytes ?? core.settings.get().maxMessageBytes;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 120_000;
  const up: GuardServer = { stdio: null, bridge: null };
  const relay = newRelay(core, opts.server, maxMessageBytes, key.authenticate, up);
  const life = lifecycle(core, up);

  if (key.first.ok) {
    // Before the client is read: nothing it sends can find the server not yet there.
    Object.assign(
      up,
      await startServer(core, opts.server, relay, maxMessageBytes, {
        say,
        exited: (how, c) => (life.ending() ? life.finish(0) : serverDied(core, opts.server, relay, how, c, say)),
        backpressure: (full) => (full ? process.stdin.pause() : process.stdin.resume()),
      }),
    );
  } else {
    relay.serverGone(`Gatehouse refused the API key (${key.first.reason}): ${key.first.message}`);
  }
  readClient(relay, maxMessageBytes, life.clientGone);
  life.sweep(() => relay.expire(requestTimeoutMs), Math.min(1000, requestTimeoutMs / 4));
}
