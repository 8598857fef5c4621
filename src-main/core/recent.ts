// Values read on every request that change rarely, kept for a short while: a change made
// through the owner (which calls `forget`) applies at once, one made by another process
// (the CLI) within `ttlMs`. Bounded: past `max` entries it starts over.
export class Recent<K, V> {
  private readonly entries = new Map<K, { at: number; value: V }>();

  constructor(
    private readonly ttlMs = 1000,
    private readonly max = 10_000,
  ) {}

  get(key: K, load: (key: K) => V): V {
    const now = Date.now();
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
