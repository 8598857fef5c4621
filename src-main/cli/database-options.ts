// Team mode's database options, global like --database-url (every command that opens the
// store takes them; each has an environment twin): --database-statement-timeout and
// --database-pool-size. Checked before anything opens; each refusal names the flag and
// the fix. What the pool size means: core/db/team-connections.ts (and the README's team mode).
import { DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_TIMEOUT_MS, MAX_POOL_SIZE } from '../core/db/team-connections';
import { CliFailure } from './errors';

export interface DatabaseFlags {
  /** --database-url / GATEHOUSE_DATABASE_URL. */
  databaseUrl?: string;
  /** --database-statement-timeout / GATEHOUSE_DATABASE_STATEMENT_TIMEOUT, in ms. */
  databaseStatementTimeout?: string | number;
  /** --database-pool-size / GATEHOUSE_DATABASE_POOL_SIZE. */
  databasePoolSize?: string | number;
}

export interface DatabaseConfig {
  databaseUrl: string | null;
  statementTimeoutMs: number;
  databasePoolSize: number;
}

/** Below this a timeout would cancel ordinary statements (a gateway call's audit row, a token lookup). */
export const MIN_STATEMENT_TIMEOUT_MS = 100;
/** PostgreSQL's largest statement_timeout (an int4 of milliseconds). */
const MAX_STATEMENT_TIMEOUT_MS = 2_147_483_647;

const invalid = (message: string) => new CliFailure(message, 2, 'INVALID_INPUT');
const given = (v: string | number | undefined): v is string | number => v !== undefined && String(v).trim() !== '';

export function resolveDatabaseFlags(f: DatabaseFlags): DatabaseConfig {
  const databaseUrl = f.databaseUrl || null;
  for (const [flag, value] of [
    ['--database-statement-timeout', f.databaseStatementTimeout],
    ['--database-pool-size', f.databasePoolSize],
  ] as const) {
    if (given(value) && !databaseUrl) {
      throw invalid(`${flag} applies to team mode only: give --database-url postgres://… (or GATEHOUSE_DATABASE_URL) too, or leave ${flag} out (SQLite has neither)`);
    }
  }
  return {
    databaseUrl,
    statementTimeoutMs: given(f.databaseStatementTimeout) ? parseStatementTimeout(String(f.databaseStatementTimeout).trim()) : DEFAULT_STATEMENT_TIMEOUT_MS,
    databasePoolSize: given(f.databasePoolSize) ? parsePoolSize(String(f.databasePoolSize).trim()) : DEFAULT_POOL_SIZE,
  };
}

function parseStatementTimeout(raw: string): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (ms === 0) return 0;
  if (!Number.isSafeInteger(ms) || ms < MIN_STATEMENT_TIMEOUT_MS || ms > MAX_STATEMENT_TIMEOUT_MS) {
    throw invalid(
      `--database-statement-timeout must be a whole number of milliseconds from ${MIN_STATEMENT_TIMEOUT_MS} to ${MAX_STATEMENT_TIMEOUT_MS}, or 0 for none ` +
        `(got ${JSON.stringify(raw)}); e.g. --database-statement-timeout 30000 (the default) or GATEHOUSE_DATABASE_STATEMENT_TIMEOUT=30000`,
    );
  }
  return ms;
}

function parsePoolSize(raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_POOL_SIZE) return n;
  throw invalid(
    `--database-pool-size must be 1, 2 or 3 (got ${JSON.stringify(raw)}): one replica opens at most ${MAX_POOL_SIZE} PostgreSQL connections, one per thread that ` +
      'talks to the database (its store is synchronous, so more would sit idle). Size max_connections as replicas × pool size; see the README (team mode: connections)',
  );
}
