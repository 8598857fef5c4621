// The PostgreSQL engine of the store interface. Each store has its own connection in
// the process's PostgreSQL worker thread (pg-worker.ts); the calling thread waits for
// each answer (synckit: Atomics.wait), so repositories stay synchronous.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { GatehouseError } from '../errors';
import { connectionTarget, redactDatabaseUrl } from './database-url';
import type { PgErrorInfo, PgOpenOptions, PgReply, PgRequest } from './pg-protocol';
import { SqlError, sqlErrorKind, type Row, type Sql } from './sql';
import { createSql } from './sql-engine';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './team-connections';
import { positionalValues } from './sql-translate';

export interface PostgresOptions {
  /** statement_timeout in ms; 0: none (migrations). Default 30 s (--database-statement-timeout). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection. Default 10 s. */
  connectTimeoutMs?: number;
  /** What the connection is for, after the application name in pg_stat_activity ('reads': `gatehouse reads`); none for the store. */
  role?: string;
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

/** A statement the server cancelled at the statement timeout: said with the flag that sets it. */
function timeoutHint(timeoutMs: number): string {
  return `it ran longer than the statement timeout of ${timeoutMs} ms; raise --database-statement-timeout (GATEHOUSE_DATABASE_STATEMENT_TIMEOUT) if it should be allowed more`;
}

function sqlError(e: PgErrorInfo, timeoutMs: number): SqlError {
  const kind = e.lost ? 'unavailable' : sqlErrorKind('postgres', e.code);
  const cancelledAtTimeout = e.code === '57014' && /statement timeout/i.test(e.message) && timeoutMs > 0;
  const hint = cancelledAtTimeout ? timeoutHint(timeoutMs) : ((e.code && HINTS[e.code]) ?? e.hint);
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

function answer(req: PgRequest, timeoutMs = 0): PgReply & { ok: true } {
  let reply: PgReply;
  try {
    reply = call(req);
  } catch (e) {
    // The worker thread itself failed (it could not load, or died).
    throw new SqlError(`the PostgreSQL worker failed: ${(e as Error)?.message ?? String(e)}`, 'unavailable', null, { cause: e });
  }
  if (!reply.ok) throw sqlError(reply.error, timeoutMs);
  return reply;
}

function connect(url: string, options: PgOpenOptions): number {
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
  const target = connectionTarget(url, opts.role);
  const timeoutMs = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const handle = connect(target.url, { statementTimeoutMs: timeoutMs, connectTimeoutMs: opts.connectTimeoutMs ?? 10_000, applicationName: target.applicationName });
  const run = (req: PgRequest) => answer(req, timeoutMs);
  return createSql({
    dialect: 'postgres',
    query(t, params) {
      const r = run({ op: 'query', handle, text: t.text, values: positionalValues(t, params) });
      return { changes: r.changes ?? 0, rows: reviveRows(r.rows ?? []) };
    },
    exec: (text) => void run({ op: 'exec', handle, text }),
    begin: () => void run({ op: 'begin', handle }),
    commit: () => void run({ op: 'commit', handle }),
    rollback: () => void run({ op: 'rollback', handle }),
    foreignTransaction: () => false,
    wrap: (e) => e,
    close: () => void answer({ op: 'close', handle }),
  });
}
