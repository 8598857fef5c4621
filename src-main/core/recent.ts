// Values read on every request that change rarely, kept for a short while: a change made
// through the owner (which calls `forget`) applies at once; one made by another process
// (the CLI) as soon as the connection's change clock moves (within db/changes.ts's
// CHECK_MS), or within `ttlMs` without a clock. Bounded: past `max` entries it starts over.
import type { ChangeClock } from './db/changes';

export class Recent<K, V> {
  private readonly entries = new Map<K, { at: number; value: V }>();
  private seen = -1;

  constructor(
    private readonly ttlMs = 1000,
    private readonly max = 10_000,
    private readonly clock: ChangeClock = () => 0,
  ) {}

  get(key: K, load: (key: K) => V): V {
    const now = Date.now();
    const version = this.clock();
    if (version !== this.seen) {
      this.seen = version;
      this.entries.clear();
    }
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load(key);
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { at: now, value });
    return value;
  }

  forget(key: K): void {
    this.entries.delete(key);
  }
}
