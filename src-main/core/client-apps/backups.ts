// Backups of client configs, taken before every write: sealed with the vault (AES-256-GCM,
// the associated data naming the backup's file, so a file renamed or swapped does not
// open) in <dataDir>/backups/<client>/<timestamp>-<rand>-<basename> (mode 0600), indexed
// in SQLite with the SHA-256 of the config's bytes, which is checked again after opening
// and before a restore. Configs hold secrets (the env values `clients patch` moves into
// the vault): no backup keeps them in the clear. Backups an older Gatehouse wrote in the
// clear are sealed in place when the store starts, and temp files a killed writer left
// behind are deleted then.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Vault } from '../crypto/vault';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { GatehouseError } from '../errors';
import { sha256, sweepTempFiles, writeFileAtomic } from './atomic-write';

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
  sealed: number;
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

/** The first bytes of a sealed backup: says what the file is to whoever finds it. */
const MAGIC = Buffer.from('gatehouse sealed config backup v1\n');

const isSealed = (stored: Buffer) => stored.subarray(0, MAGIC.length).equals(MAGIC);

/** The associated data of a backup's ciphertext: the file it belongs in (client folder and name). */
const backupAad = (file: string) => `client-backup:${basename(dirname(file))}/${basename(file)}`;

export class BackupStore {
  private readonly db: Sql;

  constructor(
    store: Store,
    private readonly dataDir: string,
    private readonly vault: Vault,
  ) {
    this.db = toSql(store);
    this.tidy();
  }

  /** Seals `bytes` (the config as it is now) into the backup folder; durable before it returns. */
  take(client: string, configPath: string, bytes: Buffer, reason: string): BackupRecord {
    const now = Date.now();
    const dir = join(this.dataDir, 'backups', client);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    const suffix = randomBytes(3).toString('hex');
    const file = join(dir, `${stamp}-${suffix}-${basename(configPath)}`);
    writeFileAtomic(file, this.seal(file, bytes), { mode: 0o600 });
    const row: Row = {
      id: `bak_${stamp.replace(/-/g, '').slice(0, 18)}${suffix}`,
      client,
      config_path: configPath,
      file,
      sha256: sha256(bytes),
      size: bytes.length,
      reason,
      created_at: now,
      sealed: 1,
    };
    this.db.run(
      `INSERT INTO client_backups (id, client, config_path, file, sha256, size, reason, created_at, sealed)
         VALUES (@id, @client, @config_path, @file, @sha256, @size, @reason, @created_at, @sealed)`,
      { ...row },
    );
    return toRecord(row);
  }

  list(filter: { client?: string; configPath?: string } = {}): BackupRecord[] {
    return this.rows(filter).map(toRecord);
  }

  get(id: string): BackupRecord {
    return toRecord(this.row(id));
  }

  /** The backup's bytes, opened and checked against the recorded SHA-256. */
  read(id: string): { record: BackupRecord; bytes: Buffer } {
    const row = this.row(id);
    let stored: Buffer;
    try {
      stored = readFileSync(row.file);
    } catch (e) {
      throw new GatehouseError('NOT_FOUND', `backup ${id} is missing its file ${row.file}: ${(e as Error).message}`);
    }
    // By its first bytes, not the flag alone: a start killed between sealing a legacy
    // backup and recording it leaves a sealed file under sealed = 0.
    const bytes = isSealed(stored) ? this.open(row.file, stored) : row.sealed ? null : stored;
    if (bytes === null || sha256(bytes) !== row.sha256) {
      throw new GatehouseError('CONFIG_INVALID', `backup ${id} (${row.file}) does not match its checksum; it was changed or damaged and will not be restored`);
    }
    return { record: toRecord(row), bytes };
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
      this.db.run('DELETE FROM client_backups WHERE id = ?', [b.id]);
      removed.push(b.id);
    }
    return { removed };
  }

  private row(id: string): Row {
    const row = this.db.get<Row>('SELECT * FROM client_backups WHERE id = ?', [id]);
    if (!row) throw new GatehouseError('NOT_FOUND', `no backup with id ${id}; list them with: gatehouse clients backups`);
    return row;
  }

  private rows(filter: { client?: string; configPath?: string }): Row[] {
    // Ties in one millisecond: SQLite's rowid is the order they were taken in; PostgreSQL
    // has none (backups are the desktop's), and the id (time, then random) decides there.
    const tie = this.db.dialect === 'sqlite' ? 'rowid' : 'id';
    return this.db.all<Row>(
      `SELECT * FROM client_backups WHERE (CAST(@client AS TEXT) IS NULL OR client = @client) AND (CAST(@path AS TEXT) IS NULL OR config_path = @path)
         ORDER BY created_at DESC, ${tie} DESC`,
      { client: filter.client ?? null, path: filter.configPath ?? null },
    );
  }

  private seal(file: string, bytes: Buffer): Buffer {
    return Buffer.concat([MAGIC, this.vault.seal(bytes, backupAad(file))]);
  }

  /** The plaintext, or null when the file is not a sealed backup of this name and data dir. */
  private open(file: string, stored: Buffer): Buffer | null {
    if (!isSealed(stored)) return null;
    try {
      return this.vault.open(stored.subarray(MAGIC.length), backupAad(file));
    } catch {
      return null;
    }
  }

  /**
   * At start: deletes temp files left by a writer that was killed mid-write, and seals
   * backups an older Gatehouse wrote in the clear. Best effort: a read-only data dir or a
   * busy database leaves them for the next start, and never stops the caller.
   */
  private tidy(): void {
    const root = join(this.dataDir, 'backups');
    try {
      for (const client of readdirSync(root)) sweepTempFiles(join(root, client));
    } catch {
      // No backups yet, or the folder cannot be read.
    }
    try {
      for (const row of this.db.all<Row>('SELECT * FROM client_backups WHERE sealed = 0')) this.sealInPlace(row);
    } catch {
      // Read-only or busy: sealed on a later start.
    }
  }

  private sealInPlace(row: Row): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(row.file);
    } catch {
      return; // Missing: restore says so.
    }
    if (!isSealed(bytes)) {
      if (sha256(bytes) !== row.sha256) return; // Damaged: restore refuses it, as before.
      writeFileAtomic(row.file, this.seal(row.file, bytes), { mode: 0o600 });
    }
    this.db.run('UPDATE client_backups SET sealed = 1 WHERE id = ?', [row.id]);
  }
}
