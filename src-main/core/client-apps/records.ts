// What Gatehouse remembers about each client entry it protected: the key it uses, the
// original entry sealed in the vault (so unprotect can put it back exactly, secrets
// included) and the hash of the entry it wrote (to tell when a client changed it).
import { createHash } from 'node:crypto';
import type { Vault } from '../crypto/vault';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';

/** The entry as it was before Gatehouse replaced it: its exact source text and its value. */
export interface OriginalEntry {
  raw: string;
  value: Record<string, unknown>;
}

export interface EntryRecord {
  client: string;
  configPath: string;
  server: string;
  keyId: string;
  original: OriginalEntry | null;
  /** null while the write is pending (or was interrupted). */
  writtenHash: string | null;
  protectedAt: number;
}

interface Row {
  client: string;
  config_path: string;
  server: string;
  key_id: string;
  original_sealed: Buffer | null;
  written_hash: string | null;
  protected_at: number;
  updated_at: number;
}

const aad = (client: string, path: string, server: string) => `client_entries.original:${client}\u0000${path}\u0000${server}`;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** SHA-256 of an entry's value, independent of key order and formatting. */
export function entryHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

const ONE_SQL = 'SELECT * FROM client_entries WHERE client = ? AND config_path = ? AND server = ?';

export class EntryRecords {
  private readonly db: Sql;

  constructor(
    store: Store,
    private readonly vault: Vault,
  ) {
    this.db = toSql(store);
  }

  private toRecord(r: Row): EntryRecord {
    const original = r.original_sealed
      ? (JSON.parse(this.vault.open(r.original_sealed, aad(r.client, r.config_path, r.server)).toString('utf8')) as OriginalEntry)
      : null;
    return {
      client: r.client,
      configPath: r.config_path,
      server: r.server,
      keyId: r.key_id,
      original,
      writtenHash: r.written_hash,
      protectedAt: r.protected_at,
    };
  }

  /** Records without their sealed originals (no decryption): for listings. */
  list(filter: { client?: string; configPath?: string; keyId?: string } = {}): Omit<EntryRecord, 'original'>[] {
    const rows = this.db.all<Row>(
      `SELECT client, config_path, server, key_id, written_hash, protected_at FROM client_entries
         WHERE (CAST(@client AS TEXT) IS NULL OR client = @client) AND (CAST(@path AS TEXT) IS NULL OR config_path = @path)
           AND (CAST(@key AS TEXT) IS NULL OR key_id = @key)
         ORDER BY client, config_path, server`,
      { client: filter.client ?? null, path: filter.configPath ?? null, key: filter.keyId ?? null },
    );
    return rows.map((r) => ({
      client: r.client,
      configPath: r.config_path,
      server: r.server,
      keyId: r.key_id,
      writtenHash: r.written_hash,
      protectedAt: r.protected_at,
    }));
  }

  get(client: string, configPath: string, server: string): EntryRecord | null {
    const row = this.db.get<Row>(ONE_SQL, [client, configPath, server]);
    return row ? this.toRecord(row) : null;
  }

  /** Records the entry as pending (written_hash NULL) before the file is written. */
  putPending(client: string, configPath: string, server: string, keyId: string, original: OriginalEntry | null): void {
    const now = Date.now();
    const sealed = original ? this.vault.seal(JSON.stringify(original), aad(client, configPath, server)) : null;
    this.db.run(
      `INSERT INTO client_entries (client, config_path, server, key_id, original_sealed, written_hash, protected_at, updated_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
         ON CONFLICT (client, config_path, server) DO UPDATE SET key_id = excluded.key_id,
           original_sealed = excluded.original_sealed, written_hash = NULL, updated_at = excluded.updated_at`,
      [client, configPath, server, keyId, sealed, now, now],
    );
  }

  setWritten(client: string, configPath: string, server: string, hash: string): void {
    this.db.run('UPDATE client_entries SET written_hash = ?, updated_at = ? WHERE client = ? AND config_path = ? AND server = ?', [
      hash,
      Date.now(),
      client,
      configPath,
      server,
    ]);
  }

  delete(client: string, configPath: string, server: string): void {
    this.db.run('DELETE FROM client_entries WHERE client = ? AND config_path = ? AND server = ?', [client, configPath, server]);
  }

  /** The raw rows, to put back when a write fails after they were changed. */
  snapshot(client: string, configPath: string, servers: string[]): () => void {
    const rows = servers.map((s) => [s, this.db.get<Row>(ONE_SQL, [client, configPath, s])] as [string, Row | undefined]);
    return () => {
      this.db.tx(() => {
        for (const [s, row] of rows) {
          this.delete(client, configPath, s);
          if (row) {
            this.db.run(
              `INSERT INTO client_entries (client, config_path, server, key_id, original_sealed, written_hash, protected_at, updated_at)
                 VALUES (@client, @config_path, @server, @key_id, @original_sealed, @written_hash, @protected_at, @updated_at)`,
              { ...row },
            );
          }
        }
      });
    };
  }
}
