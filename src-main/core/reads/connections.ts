import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type Database } from '../db/connection';
import { toSql } from '../db/store';
import { DB_FILE } from '../paths';
import type { Connections } from './ops';

export interface ConnectionOptions {
  dataDir: string;
  nativeBinding?: string;
}

/**
 * The read thread's own connections: one read-only for the admin's reads (WAL readers
 * never block the writers that relay MCP traffic, nor wait for them), and one read-write
 * for housekeeping, opened only when housekeeping runs.
 */
export function openConnections(opts: ConnectionOptions): Connections & { close(): void; stop(): void } {
  let reader: Database | null = null;
  let writer: Database | null = null;
  let stopped = false;
  const file = join(opts.dataDir, DB_FILE);
  return {
    read() {
      reader ??= new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
      return toSql(reader);
    },
    write() {
      writer ??= openDatabase(opts.dataDir, { nativeBinding: opts.nativeBinding });
      return toSql(writer);
    },
    walBytes() {
      try {
        return statSync(`${file}-wal`).size;
      } catch {
        return null;
      }
    },
    stopped: () => stopped,
    stop() {
      stopped = true;
    },
    close() {
      stopped = true;
      reader?.close();
      writer?.close();
      reader = writer = null;
    },
  };
}
