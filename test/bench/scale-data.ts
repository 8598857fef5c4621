// Data dirs for the scale bench: API keys with real secrets, millions of audit rows, a
// rate bucket per key, and an exposed echo server for gateway calls. Bulk writes in one
// transaction each (audit rows from a recursive CTE, indexes built after the rows).
import { hash } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Core } from '../../src-main/core';
import { generateKey } from '../../src-main/core/keys/format';
import { secretAad } from '../../src-main/core/keys/service';
import { bulkAudit, pick, type BulkAudit } from '../helpers/bulk-audit';
import { openTestCore, tmpDir } from '../helpers/core';

const ROOT = process.cwd();
export const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
const MINUTE = 60_000;

/** Key i's id: fixed, so audit rows can name keys without a join. */
export const keyId = (i: number) => `key_b${String(i).padStart(10, '0')}`;
/** SQL of the same id for row i's principal: a fifth of the rows are the busy key's (key 0). */
const PRINCIPAL_SQL = (keys: number) => `CASE WHEN i % 5 = 0 THEN '${keyId(0)}' ELSE printf('key_b%010d', 1 + i % ${Math.max(1, keys - 1)}) END`;

export interface Dataset {
  dir: string;
  masterKey: string;
  keys: number;
  rows: number;
  /** Secrets of the first keys (for key checks in rotation). */
  secrets: string[];
  /** A key for gateway calls (accepted on the exposed server, no rate limit to trip). */
  gatewaySecret: string;
  busyKey: string;
  /** The newest audit row is this old: "the last 5 minutes" is an empty window. */
  quietMs: number;
  cleanup(): void;
}

/** Keys with real secrets (hash and sealed copy), written in one transaction. */
function bulkKeys(core: Core, n: number, keepSecrets: number): string[] {
  const now = Date.now();
  const secrets: string[] = [];
  const insertKey = core.db.prepare('INSERT INTO api_keys (id, name, created_at, updated_at, rules, rate_limit) VALUES (?, ?, ?, ?, ?, NULL)');
  const insertSecret = core.db.prepare('INSERT INTO api_key_secrets (lookup_id, key_id, hash, sealed, created_at) VALUES (?, ?, ?, ?, ?)');
  const rules = JSON.stringify([{ effect: 'allow', pattern: 'echo*:*' }]);
  core.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const { lookupId, key } = generateKey();
      insertKey.run(keyId(i), `bench key ${String(i).padStart(6, '0')}`, now - (n - i) * 1000, now, rules);
      insertSecret.run(lookupId, keyId(i), hash('sha256', key, 'buffer'), core.vault.seal(key, secretAad(lookupId)), now);
      if (i < keepSecrets) secrets.push(key);
    }
  })();
  return secrets;
}

/** A raw connection for bulk writes: no WAL, no fsync (a bench data dir, rebuilt every run). */
export function withBulkConnection(dir: string, fn: (db: BetterSqlite3.Database) => void): void {
  const db = new BetterSqlite3(join(dir, 'gatehouse.db'));
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -400000');
    db.pragma('temp_store = MEMORY');
    fn(db);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

export function auditRows(rows: number, keys: number, endMs: number, extra: Partial<BulkAudit> = {}): BulkAudit {
  return {
    rows,
    endMs,
    stepMs: Math.max(1, Math.floor((90 * 86_400_000) / rows)),
    principal: PRINCIPAL_SQL(keys),
    server: pick(['echo-stdio', 'fs', 'github', 'fs', 'slack']),
    tool: "CASE WHEN i % 100000 = 7 THEN 'rare_tool' ELSE 'read_file' END",
    deniedEvery: 10,
    rebuildIndexes: true,
    ...extra,
  };
}

/** A data dir with `keys` keys, `rows` audit rows over 90 days up to 10 minutes ago, a bucket per key. */
export function buildDataset(keys: number, rows: number, keepSecrets = 0): Dataset {
  const t = tmpDir('gatehouse-bench-scale-');
  const { core, key } = openTestCore(t.dir);
  let secrets: string[];
  let gatewaySecret: string;
  try {
    core.servers.add({ transport: 'stdio', name: 'echo-stdio', command: process.execPath, args: [ECHO], cwd: null, env: {} });
    core.exposure.set('echo-stdio', { exposed: true, acceptApiKeys: true });
    secrets = bulkKeys(core, keys, keepSecrets);
    gatewaySecret = core.keys.create({ name: 'gateway bench', expiresInSeconds: null, rules: [{ effect: 'allow', pattern: 'echo*:*' }], rateLimit: { limit: 1_000_000, window: 'second' } }).secret;
  } finally {
    core.close();
  }
  const quietMs = 10 * MINUTE;
  withBulkConnection(t.dir, (db) => {
    bulkAudit(db, auditRows(rows, keys, Date.now() - quietMs));
    // The setup's own events (server added, key created) go back with the rest: the last
    // 10 minutes are quiet.
    db.prepare('UPDATE audit_events SET ts = ts - ? WHERE ts > ?').run(2 * quietMs, Date.now() - quietMs);
    // Every key has used its bucket at some point in the last day.
    db.prepare(`INSERT INTO rate_buckets (bucket, tokens, updated_at, last_ok) SELECT 'p:' || id, 100, ? - abs(random() % 86400000), 1 FROM api_keys`).run(Date.now());
  });
  return { dir: t.dir, masterKey: key, keys, rows, secrets, gatewaySecret, busyKey: keyId(0), quietMs, cleanup: t.cleanup };
}
