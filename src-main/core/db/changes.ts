// Changes to the data, seen cheaply. SQLite's PRAGMA data_version changes when any other
// connection commits to the file; this process's own writes that a cache or the OAuth
// engine depends on are counted by `localChange`. One clock per connection (data_version
// read at most every CHECK_MS, own changes at once), so every cache built on it drops its
// entries at the same moment: once one of them sees the CLI's change, all of them do.
//
// PostgreSQL has no data_version: until team mode's change feed, its clock also moves
// once a second (TEAM_TICK_MS), so a cache there serves another process's change
// within a second.
import type { Database } from './connection';
import type { Sql } from './sql';
import { sqliteHandle, type Store } from './store';

export const CHECK_MS = 100;
export const TEAM_TICK_MS = 1000;

export type ChangeClock = () => number;

const clocks = new WeakMap<Database | Sql, ChangeClock>();
const local = new WeakMap<Database | Sql, number>();

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
