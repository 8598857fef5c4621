import { z } from 'zod';
import { settingsSchema, type Settings } from '../../src-preload/contract';
import { writeTx, type Database } from './db/connection';

export { settingsSchema };
export type { Settings };

/** Defaults a new install starts with; every one is editable in Settings / Rate limits. */
export const defaultSettings: Settings = {
  // Generous enough for an agent's bursts, low enough to stop a runaway loop.
  defaultRateLimit: { limit: 120, window: 'minute' },
  toolRateLimits: [],
  auditStoreArguments: false,
  auditRetentionDays: 90,
  maxMessageBytes: 16 * 1024 * 1024,
};

/** Settings live as JSON rows; unknown or invalid stored values fall back to defaults. */
export class SettingsStore {
  private readonly read;
  private readonly write;
  private snapshot: Settings | null = null;
  private snapshotText = '';
  private snapshotAt = 0;

  constructor(private readonly db: Database) {
    this.read = db.prepare('SELECT key, value FROM settings');
    this.write = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  get(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of this.read.all() as { key: string; value: string }[]) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A hand-edited row: ignore it, the default stands.
      }
    }
    const merged = { ...defaultSettings };
    for (const [k, schema] of Object.entries(settingsSchema.shape) as [keyof Settings, z.ZodType][]) {
      if (!(k in stored)) continue;
      const parsed = schema.safeParse(stored[k]);
      if (parsed.success) (merged as Record<string, unknown>)[k] = parsed.data;
    }
    return merged;
  }

  /**
   * The settings as of at most maxAgeMs ago: what hot paths (guard, gateway) read, so a
   * change made in the app reaches them within that time. Same object while unchanged.
   */
  current(maxAgeMs = 500): Settings {
    const now = Date.now();
    if (!this.snapshot || now - this.snapshotAt >= maxAgeMs) {
      const next = this.get();
      const text = JSON.stringify(next);
      if (text !== this.snapshotText) {
        this.snapshot = next;
        this.snapshotText = text;
      }
      this.snapshotAt = now;
    }
    return this.snapshot!;
  }

  update(patch: Partial<Settings>): Settings {
    const now = Date.now();
    writeTx(this.db, () => {
      for (const [k, v] of Object.entries(patch)) {
        if (v !== undefined) this.write.run(k, JSON.stringify(v), now);
      }
    });
    this.snapshot = null;
    return this.get();
  }
}

