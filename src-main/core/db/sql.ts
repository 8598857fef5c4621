// One synchronous store interface, two engines: SQLite (better-sqlite3, the desktop's
// and the default) and PostgreSQL (team mode, reached through a worker thread). The
// repositories are synchronous, and the guard's hot path depends on that, so both
// engines answer synchronously.
//
// Statements are written once, in a portable subset of SQL that both engines run:
// - placeholders are `?` (values in an array) or `@name` (values in an object), never
//   both in one statement; `:name`, `$name` and `?1` are refused;
// - `LEAST(a, b)` / `GREATEST(a, b)` for the two-argument minimum and maximum (SQLite's
//   scalar MIN/MAX); their arguments must not be NULL (the engines disagree on NULL);
// - `INSERT OR IGNORE` (becomes `ON CONFLICT DO NOTHING` on PostgreSQL);
//   `INSERT OR REPLACE` is refused (it deletes the row first): write ON CONFLICT … DO UPDATE;
// - booleans are INTEGER 0/1 columns; a JS boolean value is bound as 1 or 0;
// - BLOB (SQLite) and BYTEA (PostgreSQL) both read and write Buffers;
// - INTEGER is BIGINT on PostgreSQL and reads back as a JS number (a value beyond
//   2^53 is an error there, not a silent rounding); counts and sums are numbers too;
// - `FLOOR(x)`, never `CAST(real AS INTEGER)` (PostgreSQL rounds, SQLite truncates);
// - a placeholder whose type nothing around it fixes (`? IS NULL`, both arguments of
//   LEAST, a bare `SELECT ?`) needs `CAST(? AS type)`: PostgreSQL would otherwise
//   guess text (see the error's hint). The portable types are BIGINT, DOUBLE PRECISION
//   and TEXT (SQLite reads them as INTEGER, REAL and TEXT; REAL is 4 bytes on PostgreSQL);
// - `COLLATE NOCASE` works on both (PostgreSQL's migration 001 creates a `nocase`
//   collation); LIKE is case-insensitive on SQLite only: avoid it on user text.
// - a list of values (a page's ids) is bound one placeholder each, `IN (@ids0, …)` with
//   db/id-list.ts, never SQLite's json_each or PostgreSQL's arrays; JSON columns are
//   text that the code parses, with no json functions in statements;
// The translator (sql-translate.ts) checks the subset on both engines, so a statement
// that passes the SQLite tests does not first fail on PostgreSQL.

export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The rows of a RETURNING clause (empty without one). */
  rows: Row[];
}

export interface Sql {
  readonly dialect: Dialect;
  /** The first row, or undefined. */
  get<T = Row>(sql: string, params?: Params): T | undefined;
  all<T = Row>(sql: string, params?: Params): T[];
  run(sql: string, params?: Params): RunResult;
  /** Several statements, no parameters, no translation: migrations only. */
  exec(sql: string): void;
  /**
   * A write transaction: SQLite's BEGIN IMMEDIATE (writers queue), PostgreSQL's
   * SERIALIZABLE (a conflict re-runs fn, so fn must have no effect outside the
   * store). A nested call joins the outer transaction. An error thrown out of any
   * level, or a statement that failed inside it, rolls the whole transaction back,
   * even if a caller caught it: PostgreSQL cannot go on after a failed statement,
   * and SQLite behaves the same so the tests on SQLite catch the pattern.
   */
  tx<T>(fn: () => T): T;
  readonly inTransaction: boolean;
  close(): void;
}

/** What went wrong, in terms both engines share (the engine's own code is kept too). */
export type SqlErrorKind =
  | 'unique'
  | 'foreign_key'
  | 'not_null'
  | 'check'
  | 'serialization'
  | 'busy'
  /** The database cannot be reached, or the connection dropped: the next statement outside a transaction reconnects. */
  | 'unavailable'
  /** statement_timeout (PostgreSQL) ran out. */
  | 'timeout'
  | 'aborted'
  | 'subset'
  | 'other';

export class SqlError extends Error {
  constructor(
    message: string,
    readonly kind: SqlErrorKind,
    /** The engine's code: SQLITE_CONSTRAINT_UNIQUE, 23505, … */
    readonly engineCode: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SqlError';
  }
}

const SQLITE_KINDS: Record<string, SqlErrorKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_BUSY: 'busy',
  SQLITE_BUSY_SNAPSHOT: 'busy',
  SQLITE_LOCKED: 'busy',
};

const POSTGRES_KINDS: Record<string, SqlErrorKind> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23502': 'not_null',
  '23514': 'check',
  '40001': 'serialization',
  '40P01': 'serialization',
  '55P03': 'busy',
  '57014': 'timeout',
  '57P01': 'unavailable',
  '57P02': 'unavailable',
  '57P03': 'unavailable',
  '08000': 'unavailable',
  '08001': 'unavailable',
  '08003': 'unavailable',
  '08004': 'unavailable',
  '08006': 'unavailable',
  '25P02': 'aborted',
};

export function sqlErrorKind(dialect: Dialect, code: string | null | undefined): SqlErrorKind {
  if (!code) return 'other';
  return (dialect === 'sqlite' ? SQLITE_KINDS[code] : POSTGRES_KINDS[code]) ?? 'other';
}

/**
 * Values as both engines bind them: booleans as 1/0, undefined as NULL, byte arrays as
 * Buffers. Anything else that is not a number, string, bigint or null is refused on both
 * (pg would bind an object as its JSON, better-sqlite3 throws): store JSON as text.
 */
export function bindValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'object') {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint') return v;
  } else if (v instanceof Uint8Array) {
    return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  throw new SqlError(
    `cannot bind a ${v instanceof Date ? 'Date' : typeof v} value: bind numbers, strings, bigints, booleans, Buffers or null (JSON as text, times as epoch ms)`,
    'subset',
  );
}
