// Changes to the data, seen cheaply. SQLite's PRAGMA data_version changes when any other
// connection commits to the file; this process's own writes that a cache or the OAuth
// engine depends on are counted by `localChange`. One clock per connection (data_version
// read at most every CHECK_MS, own changes at once), so every cache built on it drops its
// entries at the same moment: once one of them sees the CLI's change, all of them do.
//
// PostgreSQL has no data_version. A store with a change feed attached (change-feed.ts:
// LISTEN for the notifications migration 015's triggers send; `serve` on PostgreSQL)
// moves its clock when another replica commits a change. Without one (a CLI command, a
// test's store) the clock moves once a second (TEAM_TICK_MS), so a cache there serves
// another process's change within a second.
import type { ChangeFeed } from './change-feed';
import { TEAM_TICK_MS } from './change-feed';
import type { Database } from './connection';
import type { Sql } from './sql';
import { sqliteHandle, type Store } from './store';

export const CHECK_MS = 100;
export { TEAM_TICK_MS };

export type ChangeClock = () => number;

const clocks = new WeakMap<Database | Sql, ChangeClock>();
const local = new WeakMap<Database | Sql, number>();
const feeds = new WeakMap<Sql, ChangeFeed>();

/** Drives the clock of a PostgreSQL store by its change feed. Call before any cache asks for the clock. */
export function attachChangeFeed(sql: Sql, feed: ChangeFeed): void {
  feeds.set(sql, feed);
  clocks.delete(sql);
}

/** One key per connection: a SQLite connection and its store wrapper share it. */
const keyOf = (s: Store): Database | Sql => sqliteHandle(s) ?? (s as Sql);

/** Says that this process changed something another part of it may have cached. */
export function localChange(store: Store): void {
  const key = keyOf(store);
  local.set(key, (local.get(key) ?? 0) + 1);
}

export function changeClock(store: Store): ChangeClock {
  const key = keyOf(store);
  let clock = clocks.get(key);
  if (!clock) clocks.set(key, (clock = 'prepare' in key ? ownChangeClock(key) : tickingClock(key)));
  return clock;
}

function tickingClock(sql: Sql, now: () => number = Date.now): ChangeClock {
  const feed = feeds.get(sql);
  if (feed) return () => feed.version() + (local.get(sql) ?? 0);
  return () => Math.floor(now() / TEAM_TICK_MS) + (local.get(sql) ?? 0);
}

/**
 * A clock of its own, not the connection's shared one: for a test that steps time with
 * `now` to see what a cache does before and after CHECK_MS.
 */
export function ownChangeClock(db: Database, now: () => number = Date.now): ChangeClock {
  const stmt = db.prepare('PRAGMA data_version').pluck();
  let checkedAt = -Infinity;
  let version = -1;
  return () => {
    const t = now();
    if (t - checkedAt >= CHECK_MS) {
      checkedAt = t;
      version = stmt.get() as number;
    }
    // Both parts only grow, so the sum moves whenever either does.
    return version + (local.get(db) ?? 0);
  };
}
