import type { Settings } from '../../src-shared/model/system';
import { toSql, type Store } from './db/store';
import type { Sql } from './db/sql';

export type { Settings };

/** Defaults a new install starts with; every one is editable in Settings / Rate limits. */
export const defaultSettings: Settings = {
  // Generous enough for an agent's bursts, low enough to stop a runaway loop.
  defaultRateLimit: { limit: 120, window: 'minute' },
  toolRateLimits: [],
  auditStoreArguments: false,
  auditRetentionDays: 90,
  maxMessageBytes: 16 * 1024 * 1024,
  // A stdio server behind the gateway costs a process per session (about 85 MB and 0.4 s
  // for server-everything): 20 of them is about 1.7 GB at worst, 5 for one principal.
  gatewaySessionsPerPrincipal: 5,
  gatewaySessionsTotal: 20,
  gatewaySessionIdleMinutes: 5,
  // Stateless (2026-07-28) clients share a server's processes: two take a second caller
  // while one is busy; one idle for a minute ends (a stdio server costs ~85 MB).
  gatewayPoolSize: 2,
  gatewayPoolIdleSeconds: 60,
};

// Stored values were validated by the admin API's zod schema on the way in; this only
// guards against hand edits. Checked by hand because the guard loads this module, and
// zod would cost every guard process start-up time and memory.
const isWindow = (w: unknown) => w === 'second' || w === 'minute' || w === 'hour';
const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isLimit = (v: unknown): boolean => {
  const l = v as { limit?: unknown; window?: unknown } | null;
  return typeof l === 'object' && l !== null && isInt(l.limit, 1, 1_000_000) && isWindow(l.window);
};
const storedValid: { [K in keyof Settings]: (v: unknown) => boolean } = {
  defaultRateLimit: (v) => v === null || isLimit(v),
  toolRateLimits: (v) =>
    Array.isArray(v) && v.every((x) => isLimit(x) && typeof (x as { pattern?: unknown }).pattern === 'string'),
  auditStoreArguments: (v) => typeof v === 'boolean',
  auditRetentionDays: (v) => isInt(v, 1, 3650),
  maxMessageBytes: (v) => isInt(v, 64 * 1024, 256 * 1024 * 1024),
  gatewaySessionsPerPrincipal: (v) => isInt(v, 1, 1000),
  gatewaySessionsTotal: (v) => isInt(v, 1, 10_000),
  gatewaySessionIdleMinutes: (v) => isInt(v, 1, 24 * 60),
  gatewayPoolSize: (v) => isInt(v, 1, 32),
  gatewayPoolIdleSeconds: (v) => isInt(v, 1, 24 * 60 * 60),
};

const WRITE =
  'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at';

/** Settings live as JSON rows; unknown or invalid stored values fall back to defaults. */
export class SettingsStore {
  private readonly sql: Sql;
  private snapshot: Settings | null = null;
  private snapshotText = '';
  private snapshotAt = 0;

  constructor(store: Store) {
    this.sql = toSql(store);
  }

  get(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of this.sql.all<{ key: string; value: string }>('SELECT key, value FROM settings')) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A hand-edited row: ignore it, the default stands.
      }
    }
    const merged = { ...defaultSettings };
    for (const [k, valid] of Object.entries(storedValid) as [keyof Settings, (v: unknown) => boolean][]) {
      if (k in stored && valid(stored[k])) (merged as Record<string, unknown>)[k] = stored[k];
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
    this.sql.tx(() => {
      for (const [k, v] of Object.entries(patch)) {
        if (v !== undefined) this.sql.run(WRITE, [k, JSON.stringify(v), now]);
      }
    });
    this.snapshot = null;
    return this.get();
  }
}

