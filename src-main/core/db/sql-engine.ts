// What the two engines share: the subset checks, value binding, and the transaction
// rules (nested calls join, a failure anywhere dooms the whole transaction, a
// serialization conflict re-runs it). Each engine supplies a small Driver.
import { bindValue, SqlError, type Dialect, type Params, type Row, type RunResult, type Sql } from './sql';
import { checkParams, translate, type Translated } from './sql-translate';

export type QueryMode = 'get' | 'all' | 'run';

export interface Driver {
  readonly dialect: Dialect;
  /** Runs one translated statement with its values bound. */
  query(t: Translated, params: Params | undefined, mode: QueryMode): RunResult;
  exec(text: string): void;
  begin(): void;
  commit(): void;
  rollback(): void;
  /** A transaction this wrapper did not open is under way on the connection (older code's own): join it. */
  foreignTransaction(): boolean;
  /** The engine's error as a SqlError (kind and engine code). */
  wrap(e: unknown): unknown;
  close(): void;
}

/** PostgreSQL's SERIALIZABLE refuses a conflicting transaction; it is re-run up to this many times. */
export const MAX_TX_ATTEMPTS = 12;

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Before re-running: a random wait that doubles with each attempt (up to 128 ms), so
 * writers that keep colliding on one row spread out instead of colliding again.
 */
function backoff(attempt: number): void {
  Atomics.wait(pause, 0, 0, Math.random() * Math.min(128, 2 ** attempt));
}

const plain = (v: unknown): boolean => v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint';

/** The hot path's usual case, numbers, strings and nulls only, binds the caller's array as it is: no copy per statement. */
function bindArray(params: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < params.length; i++) if (!plain(params[i])) return params.map(bindValue);
  return params;
}

/** The values with booleans, undefined and byte arrays bound alike on both engines. */
export function boundParams(params: Params | undefined): Params | undefined {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return bindArray(params);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = bindValue(v);
  return out;
}

const retryable = (e: unknown): boolean =>
  e instanceof SqlError && (e.kind === 'serialization' || (e.kind === 'aborted' && retryable(e.cause)));

export function createSql(driver: Driver): Sql {
  let depth = 0;
  let failed: unknown = null;
  let closed = false;

  const guard = () => {
    if (closed) throw new SqlError('the store is closed', 'other');
    if (failed !== null) {
      throw new SqlError(
        'this transaction already failed (a statement or a nested transaction threw) and will roll back: ' +
          'do not catch an error inside tx() and go on',
        'aborted',
        null,
        { cause: failed },
      );
    }
  };

  const statement = (sql: string, params: Params | undefined, mode: QueryMode): RunResult => {
    guard();
    try {
      const t = translate(sql, driver.dialect);
      checkParams(t, params);
      return driver.query(t, boundParams(params), mode);
    } catch (e) {
      const err = driver.wrap(e);
      if (depth > 0 && failed === null) failed = err;
      throw err;
    }
  };

  const nested = <T>(fn: () => T): T => {
    depth++;
    try {
      return fn();
    } catch (e) {
      if (failed === null) failed = e;
      throw e;
    } finally {
      depth--;
    }
  };

  const once = <T>(fn: () => T): T => {
    try {
      driver.begin();
      depth = 1;
      const result = fn();
      guard();
      driver.commit();
      return result;
    } catch (e) {
      try {
        driver.rollback();
      } catch {
        // The connection is gone or the engine already rolled back; the first error is the one to report.
      }
      throw driver.wrap(e);
    } finally {
      depth = 0;
      failed = null;
    }
  };

  const tx = <T>(fn: () => T): T => {
    guard();
    if (depth > 0) return nested(fn);
    if (driver.foreignTransaction()) return fn();
    for (let attempt = 1; ; attempt++) {
      try {
        return once(fn);
      } catch (e) {
        if (attempt >= MAX_TX_ATTEMPTS || !retryable(e)) throw e;
        backoff(attempt);
      }
    }
  };

  return {
    dialect: driver.dialect,
    get: <T = Row>(sql: string, params?: Params) => statement(sql, params, 'get').rows[0] as T | undefined,
    all: <T = Row>(sql: string, params?: Params) => statement(sql, params, 'all').rows as T[],
    run: (sql, params) => statement(sql, params, 'run'),
    exec(text) {
      guard();
      try {
        driver.exec(text);
      } catch (e) {
        const err = driver.wrap(e);
        if (depth > 0 && failed === null) failed = err;
        throw err;
      }
    },
    tx,
    get inTransaction() {
      return depth > 0 || driver.foreignTransaction();
    },
    close() {
      if (closed) return;
      closed = true;
      driver.close();
    },
  };
}
