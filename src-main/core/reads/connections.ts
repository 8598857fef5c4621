import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type Database } from '../db/connection';
import type { Sql } from '../db/sql';
import { postgresSql } from '../db/sql-postgres';
import { toSql } from '../db/store';
import { DB_FILE } from '../paths';
import type { Connections } from './ops';

export interface ConnectionOptions {
  dataDir: string;
  nativeBinding?: string;
  /** Team mode: the thread's own PostgreSQL connection (see openConnections). */
  databaseUrl?: string;
  /** Team mode: its statement_timeout in ms (--database-statement-timeout). */
  statementTimeoutMs?: number;
}

/**
 * The read thread's own connections: one read-only for the admin's reads (WAL readers
 * never block the writers that relay MCP traffic, nor wait for them), and one read-write
 * for housekeeping, opened only when housekeeping runs.
 */
export function openConnections(opts: ConnectionOptions): Connections & { close(): void; stop(): void } {
  if (opts.databaseUrl) return postgresConnections(opts.databaseUrl, opts.statementTimeoutMs);
  let reader: Database | null = null;
  let writer: Database | null = null;
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
    ...lifecycle(() => {
      reader?.close();
      writer?.close();
      reader = writer = null;
    }),
  };
}

/**
 * Team mode: the read thread's own PostgreSQL connection (its statements wait in this
 * thread, never in the one relaying MCP traffic), opened on first use, for the admin's
 * reads and the housekeeping both: housekeeping's batches are small autocommit
 * statements, so one connection serves both and a replica opens one fewer (README:
 * connections per replica). No WAL file to measure.
 */
function postgresConnections(url: string, statementTimeoutMs: number | undefined): Connections & { close(): void; stop(): void } {
  let conn: Sql | null = null;
  const open = () => (conn ??= postgresSql(url, { role: 'reads', statementTimeoutMs }));
  return {
    read: open,
    write: open,
    walBytes: () => null,
    ...lifecycle(() => {
      conn?.close();
      conn = null;
    }),
  };
}

/**
 * Team mode with fewer connections (--database-pool-size below 3, or a one-shot CLI
 * command): the reads and the housekeeping run on the store's own connection, on the
 * calling thread. Closing them leaves it open: the store closes it.
 */
export function storeConnections(sql: Sql): Connections & { close(): void; stop(): void } {
  return { read: () => sql, write: () => sql, walBytes: () => null, ...lifecycle(() => undefined) };
}

/** Stopping (no more housekeeping) and closing, the same for both engines. */
function lifecycle(closeAll: () => void): Pick<Connections, 'stopped'> & { stop(): void; close(): void } {
  let stopped = false;
  return {
    stopped: () => stopped,
    stop() {
      stopped = true;
    },
    close() {
      stopped = true;
      closeAll();
    },
  };
}
