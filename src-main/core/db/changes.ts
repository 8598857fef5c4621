// Changes to the data, seen cheaply. SQLite's PRAGMA data_version changes when any other
// connection commits to the file; this process's own writes that a cache or the OAuth
// engine depends on are counted by `localChange`. One clock per connection (data_version
// read at most every CHECK_MS, own changes at once), so every cache built on it drops its
// entries at the same moment: once one of them sees the CLI's change, all of them do.
import type { Database } from './connection';

export const CHECK_MS = 100;

export type ChangeClock = () => number;

const clocks = new WeakMap<Database, ChangeClock>();
const local = new WeakMap<Database, number>();

/** Says that this process changed something another part of it may have cached. */
export function localChange(db: Database): void {
  local.set(db, (local.get(db) ?? 0) + 1);
}

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
    // Both parts only grow, so the sum moves whenever either does.
    return version + (local.get(db) ?? 0);
  };
}
