// Another process's commits, seen cheaply: SQLite's PRAGMA data_version changes when any
// other connection commits to the file. One clock per connection, read at most every
// CHECK_MS, so every cache built on it drops its entries at the same moment: once one
// of them sees the CLI's change, all of them do.
import type { Database } from './connection';

export const CHECK_MS = 100;

export type ChangeClock = () => number;

const clocks = new WeakMap<Database, ChangeClock>();

export function changeClock(db: Database): ChangeClock {
  let clock = clocks.get(db);
  if (!clock) clocks.set(db, (clock = ownChangeClock(db)));
  return clock;
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
    return version;
  };
}
