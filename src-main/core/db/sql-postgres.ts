// The PostgreSQL engine of the store interface. Each store has its own connection in
// the process's PostgreSQL worker thread (pg-worker.ts); the calling thread waits for
// each answer (synckit: Atomics.wait), so repositories stay synchronous.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { GatehouseError } from '../errors';
import { redactDatabaseUrl } from './database-url';
import type { PgErrorInfo, PgOpenOptions, PgReply, PgRequest } from './pg-protocol';
import { SqlError, sqlErrorKind, type Row, type Sql } from './sql';
import { createSql } from './sql-engine';
import { positionalValues } from './sql-translate';

export interface PostgresOptions {
  /** statement_timeout in ms; 0: none (migrations). Default 30 s. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection. Default 10 s. */
  connectTimeoutMs?: number;
  applicationName?: string;
}

type Call = (req: PgRequest) => PgReply;

/**
 * The worker's file: beside this module when it runs from source (Node strips the
 * types), out/main/pg-worker.js in the build (this module is then in out/main or a
 * chunk under it).
 */
export function pgWorkerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'pg-worker.js'), join(here, '..', 'pg-worker.js'), join(here, 'pg-worker.ts')];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new GatehouseError('INTERNAL', `the PostgreSQL worker is missing (looked for ${candidates.join(', ')}): rebuild Gatehouse`);
  return found;
}

let bridge: Call | null = null;
const call: Call = (req) => (bridge ??= createSyncFn<Call>(pgWorkerFile()))(req);

// PostgreSQL could not tell a placeholder's type; the subset's fix, named in the error.
const HINTS: Record<string, string> = {
  '42P18': 'write CAST(? AS type) where nothing around a placeholder fixes its type',
  '42725': 'write CAST(? AS type) where nothing around a placeholder fixes its type',
  '42883': 'a placeholder PostgreSQL took for text may need CAST(? AS type)',
  '22021': 'PostgreSQL text cannot hold the NUL character (\\u0000): escape it or store bytes',
};

function sqlError(e: PgErrorInfo): SqlError {
  const kind = e.lost ? 'unavailable' : sqlErrorKind('postgres', e.code);
  const hint = (e.code && HINTS[e.code]) ?? e.hint;
  const message = [e.message, e.detail, hint && `(${hint})`].filter(Boolean).join(' ');
  return new SqlError(message, kind, e.code);
}

/** Buffers cross the thread as plain Uint8Arrays: make them Buffers again, as better-sqlite3 gives. */
function reviveRows(rows: Row[]): Row[] {
  for (const row of rows) {
    for (const k in row) {
      const v = row[k];
      if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  return rows;
}

function answer(req: PgRequest): PgReply & { ok: true } {
  let reply: PgReply;
  try {
    reply = call(req);
  } catch (e) {
    // The worker thread itself failed (it could not load, or died).
    throw new SqlError(`the PostgreSQL worker failed: ${(e as Error)?.message ?? String(e)}`, 'unavailable', null, { cause: e });
  }
  if (!reply.ok) throw sqlError(reply.error);
  return reply;
}

function connect(url: string, opts: PostgresOptions): number {
  const options: PgOpenOptions = {
    statementTimeoutMs: opts.statementTimeoutMs ?? 30_000,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    applicationName: opts.applicationName ?? 'gatehouse',
  };
  try {
    return answer({ op: 'open', url, options }).handle!;
  } catch (e) {
    throw new GatehouseError(
      'DATABASE_UNAVAILABLE',
      `cannot open the database ${redactDatabaseUrl(url)}: ${(e as Error).message}; check --database-url (or GATEHOUSE_DATABASE_URL) and that PostgreSQL is up`,
      { cause: e },
    );
  }
}

/** Opens a store on its own PostgreSQL connection. Connects now: an unreachable database is an error here. */
export function postgresSql(url: string, opts: PostgresOptions = {}): Sql {
  const handle = connect(url, opts);
  return createSql({
    dialect: 'postgres',
    query(t, params) {
      const r = answer({ op: 'query', handle, text: t.text, values: positionalValues(t, params) });
      return { changes: r.changes ?? 0, rows: reviveRows(r.rows ?? []) };
    },
    exec: (text) => void answer({ op: 'exec', handle, text }),
    begin: () => void answer({ op: 'begin', handle }),
    commit: () => void answer({ op: 'commit', handle }),
    rollback: () => void answer({ op: 'rollback', handle }),
    foreignTransaction: () => false,
    wrap: (e) => e,
    close: () => void answer({ op: 'close', handle }),
  });
}
