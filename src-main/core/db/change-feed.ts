// Team mode's change feed: one LISTEN connection per process on the main thread's event
// loop (no thread hop, nothing blocks), counting the notifications that migration 016's
// triggers send when another replica (or this one) commits a change to what replicas
// cache: a revoked key, a rule, a disabled client, a rotated signing key. The change
// clock (changes.ts) adds this count, so every cache drops its entries as soon as the
// notification arrives (milliseconds after the commit), where the 1 s tick it replaces
// dropped them every second whether anything changed or not.
//
// While the listener is not connected (starting, or PostgreSQL restarted), notifications
// would be missed: the count then moves every TEAM_TICK_MS, as the tick did, and once
// more when it connects again.
import type { Logger } from '../log';
import { connectionTarget, redactDatabaseUrl } from './database-url';

export const CHANNEL = 'gatehouse_changes';
export const TEAM_TICK_MS = 1000;
const RETRY_MS = 500;

export interface ChangeFeed {
  /** Moves when another connection committed a change (or, while not listening, every TEAM_TICK_MS). */
  version(): number;
  /** True while notifications are being received. */
  readonly listening: boolean;
  /** Resolves once listening (or closed): for tests and start-up. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Listener {
  on(event: 'notification' | 'error' | 'end', fn: (...args: unknown[]) => void): unknown;
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}

export function startChangeFeed(url: string, log: Logger): ChangeFeed {
  let version = 0;
  let listening = false;
  let closed = false;
  let client: Listener | null = null;
  let retry: NodeJS.Timeout | null = null;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  // Notifications may be missed while not listening: move every tick then, as before the feed.
  const tick = setInterval(() => {
    if (!listening) version++;
  }, TEAM_TICK_MS);
  tick.unref();

  const lost = (c: Listener, why: unknown) => {
    if (client !== c) return;
    const was = listening;
    client = null;
    listening = false;
    version++;
    c.end().catch(() => undefined);
    if (closed) return;
    retry = setTimeout(connect, RETRY_MS);
    retry.unref();
    // Said once when it goes, not at every retry while the database is down.
    if (was) log.warn(`change feed: lost the connection to ${redactDatabaseUrl(url)} (${(why as Error)?.message ?? String(why)}); caches expire every second until it is back`, {
      event: 'change_feed_lost',
    });
  };

  async function connect(): Promise<void> {
    retry = null;
    if (closed) return;
    const { default: pg } = await import('pg');
    const target = connectionTarget(url, 'change feed');
    const c: Listener = new pg.Client({ connectionString: target.url, application_name: target.applicationName, keepAlive: true });
    client = c;
    c.on('notification', () => version++);
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c, new Error('connection ended')));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      lost(c, e);
      return;
    }
    if (client !== c) return;
    // Whatever changed before LISTEN took effect: one more move covers it.
    version++;
    listening = true;
    (c as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream?.unref?.();
    wake();
  }

  void connect();
  return {
    version: () => version,
    get listening() {
      return listening;
    },
    ready: () => (listening || closed ? Promise.resolve() : new Promise((r) => waiters.push(r))),
    async close() {
      closed = true;
      clearInterval(tick);
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      listening = false;
      wake();
      await c?.end().catch(() => undefined);
    },
  };
}
