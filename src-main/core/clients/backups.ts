// Backups of client configs, taken before every write: the bytes in
// <dataDir>/backups/<client>/<timestamp>-<rand>-<basename> (mode 0600: configs hold
// secrets), indexed in SQLite with their SHA-256, which is checked before a restore.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Database } from '../db/connection';
import { GatehouseError } from '../errors';
import { sha256, writeFileAtomic } from './atomic-write';

export interface BackupRecord {
  id: string;
  client: string;
  configPath: string;
  file: string;
  sha256: string;
  size: number;
  reason: string;
  createdAt: string;
}

interface Row {
  id: string;
  client: string;
  config_path: string;
  file: string;
  sha256: string;
  size: number;
  reason: string;
  created_at: number;
}

const toRecord = (r: Row): BackupRecord => ({
  id: r.id,
  client: r.client,
  configPath: r.config_path,
  file: r.file,
  sha256: r.sha256,
  size: r.size,
  reason: r.reason,
  createdAt: new Date(r.created_at).toISOString(),
});

export class BackupStore {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
  ) {}

  /** Copies `bytes` (the config as it is now) into the backup folder; durable before it returns. */
  take(client: string, configPath: string, bytes: Buffer, reason: string): BackupRecord {
    const now = Date.now();
    const dir = join(this.dataDir, 'backups', client);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    const suffix = randomBytes(3).toString('hex');
    const file = join(dir, `${stamp}-${suffix}-${basename(configPath)}`);
    writeFileAtomic(file, bytes, { mode: 0o600 });
    const row: Row = {
      id: `bak_${stamp.replace(/-/g, '').slice(0, 18)}${suffix}`,
      client,
      config_path: configPath,
      file,
      sha256: sha256(bytes),
      size: bytes.length,
      reason,
      created_at: now,
    };
    this.db
      .prepare(
        `INSERT INTO client_backups (id, client, config_path, file, sha256, size, reason, created_at)
         VALUES (@id, @client, @config_path, @file, @sha256, @size, @reason, @created_at)`,
      )
      .run(row);
    return toRecord(row);
  }

  list(filter: { client?: string; configPath?: string } = {}): BackupRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM client_backups WHERE (@client IS NULL OR client = @client) AND (@path IS NULL OR config_path = @path)
         ORDER BY created_at DESC, rowid DESC`,
      )
      .all({ client: filter.client ?? null, path: filter.configPath ?? null }) as Row[];
    return rows.map(toRecord);
  }

  get(id: string): BackupRecord {
    const row = this.db.prepare('SELECT * FROM client_backups WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new GatehouseError('NOT_FOUND', `no backup with id ${id}; list them with: gatehouse clients backups`);
    return toRecord(row);
  }

  /** The backup's bytes, after checking them against the recorded SHA-256. */
  read(id: string): { record: BackupRecord; bytes: Buffer } {
    const record = this.get(id);
    let bytes: Buffer;
    try {
      bytes = readFileSync(record.file);
    } catch (e) {
      throw new GatehouseError('NOT_FOUND', `backup ${id} is missing its file ${record.file}: ${(e as Error).message}`);
    }
    if (sha256(bytes) !== record.sha256) {
      throw new GatehouseError('CONFIG_INVALID', `backup ${id} (${record.file}) does not match its checksum; it was changed or damaged and will not be restored`);
    }
    return { record, bytes };
  }

  /** Keeps the newest `keep` backups of each config (of the filter) and deletes the rest. */
  prune(filter: { client?: string; configPath?: string }, keep: number): { removed: string[] } {
    const seen = new Map<string, number>();
    const removed: string[] = [];
    for (const b of this.list(filter)) {
      const n = (seen.get(b.configPath) ?? 0) + 1;
      seen.set(b.configPath, n);
      if (n <= keep) continue;
      try {
        unlinkSync(b.file);
      } catch {
        // Already gone: drop its row all the same.
      }
      this.db.prepare('DELETE FROM client_backups WHERE id = ?').run(b.id);
      removed.push(b.id);
    }
    return { removed };
  }
}
