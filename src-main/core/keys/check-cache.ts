// The key-check cache: rows of known lookup ids, so a check costs a hash and a
// comparison. When it is full, a key not used since it was last passed over goes first
// (second-chance LRU, the CLOCK algorithm): a hit only sets a flag, so the hot path
// allocates nothing and the Map is never reshuffled. Another process's change reaches it
// through the key-change log (migration 12's triggers): as soon as the connection's change
// clock moves (db/changes.ts, within CHECK_MS of that commit, the same moment as every
// other cache on the connection), only the keys it changed are dropped, not the whole cache.
import { changeClock, type ChangeClock } from '../db/changes';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';

const MAX_ENTRIES = 50_000;
/** More changes than this in one look: start over rather than drop them one by one. */
const MAX_CHANGES = 10_000;
/** Not looked for this long (an idle guard): the log may have been pruned since; start over. */
const STALE_MS = 12 * 3_600_000;

const CHANGES_SQL = `SELECT seq, key_id FROM api_key_changes WHERE seq > ? ORDER BY seq LIMIT ${MAX_CHANGES + 1}`;
/** Longer than any write transaction runs on PostgreSQL (statement timeouts are seconds). */
const LATE_COMMIT_MS = 30_000;
const CHANGES_OR_RECENT_SQL = `SELECT seq, key_id FROM api_key_changes WHERE seq > ? OR changed_at >= ? ORDER BY seq LIMIT ${MAX_CHANGES + 1}`;

export interface CacheStats {
  size: number;
  hits: number;
  misses: number;
  evicted: number;
  invalidated: number;
}

interface Entry<V> {
  row: V;
  /** Used since the clock hand last passed it. */
  used: boolean;
}

export class KeyCheckCache<V extends { id: string }> {
  /** In insertion order: the clock hand starts at the first entry. */
  private readonly entries = new Map<string, Entry<V>>();
  private readonly lookupsOf = new Map<string, Set<string>>();
  private checkedAt: number;
  private dataVersion: number;
  private seq: number;
  private readonly sql: Sql;
  private readonly max: number;
  private readonly now: () => number;
  private readonly changes: ChangeClock;
  readonly stats: CacheStats = { size: 0, hits: 0, misses: 0, evicted: 0, invalidated: 0 };

  constructor(store: Store, opts: { max?: number; now?: () => number; changes?: ChangeClock } = {}) {
    this.max = opts.max ?? MAX_ENTRIES;
    this.now = opts.now ?? Date.now;
    this.changes = opts.changes ?? changeClock(store);
    this.sql = toSql(store);
    this.seq = this.lastSeq();
    this.dataVersion = this.changes();
    this.checkedAt = this.now();
  }

  get(lookupId: string): V | undefined {
    this.sync();
    const hit = this.entries.get(lookupId);
    if (hit === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    hit.used = true;
    return hit.row;
  }

  set(lookupId: string, row: V): void {
    const known = this.entries.get(lookupId);
    if (known) {
      known.row = row;
      known.used = true;
      return;
    }
    if (this.entries.size >= this.max) this.evictOne();
    this.entries.set(lookupId, { row, used: false });
    let set = this.lookupsOf.get(row.id);
    if (!set) this.lookupsOf.set(row.id, (set = new Set()));
    set.add(lookupId);
    this.stats.size = this.entries.size;
  }

  /** Drops every secret of one key (this process changed it, or the log says another did). */
  forgetKey(keyId: string): void {
    const set = this.lookupsOf.get(keyId);
    if (!set) return;
    for (const lookupId of set) this.entries.delete(lookupId);
    this.lookupsOf.delete(keyId);
    this.stats.invalidated += set.size;
    this.stats.size = this.entries.size;
  }

  clear(): void {
    this.stats.invalidated += this.entries.size;
    this.entries.clear();
    this.lookupsOf.clear();
    this.stats.size = 0;
  }

  /**
   * The clock hand: from the oldest entry on, one used since the hand last passed gets a
   * second chance (its flag cleared, moved to the end); the first one not used goes.
   */
  private evictOne(): void {
    for (const [lookupId, entry] of this.entries) {
      if (entry.used) {
        entry.used = false;
        this.entries.delete(lookupId);
        this.entries.set(lookupId, entry);
        continue;
      }
      this.entries.delete(lookupId);
      const set = this.lookupsOf.get(entry.row.id);
      set?.delete(lookupId);
      if (set?.size === 0) this.lookupsOf.delete(entry.row.id);
      this.stats.evicted++;
      return;
    }
  }

  private readChanges(): { seq: number; key_id: string }[] {
    if (this.sql.dialect === 'sqlite') return this.sql.all(CHANGES_SQL, [this.seq]);
    // PostgreSQL numbers a row when it is inserted, not when it commits: a lower seq can
    // become visible after a higher one was read. The last LATE_COMMIT_MS are read again
    // (a key dropped twice costs one more look-up), so no change is passed over. The
    // database's clock wrote changed_at: compared with the wall clock, not the injected one.
    return this.sql.all(CHANGES_OR_RECENT_SQL, [this.seq, Date.now() - LATE_COMMIT_MS]);
  }

  private lastSeq(): number {
    return this.sql.get<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM api_key_changes')!.seq;
  }

  /** Has another connection committed (the change clock moved)? If so, which keys did it change? */
  private sync(): void {
    const version = this.changes();
    const now = this.now();
    const stale = now - this.checkedAt > STALE_MS;
    this.checkedAt = now;
    if (version === this.dataVersion && !stale) return;
    this.dataVersion = version;
    const changes = this.readChanges();
    if (stale || changes.length > MAX_CHANGES) {
      this.clear();
      this.seq = this.lastSeq();
      return;
    }
    for (const c of changes) this.forgetKey(c.key_id);
    if (changes.length) this.seq = changes.at(-1)!.seq;
  }
}
