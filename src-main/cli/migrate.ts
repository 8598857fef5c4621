// `gatehouse migrate --database-url URL`: team mode's schema step. Applies the PostgreSQL
// migrations this build knows (replicas started at once queue on an advisory lock, so
// each migration is applied once) and exits; `serve` on PostgreSQL never migrates by
// itself. The heavy parts (pg, the worker thread) load only when the command runs.
import type { Command } from 'commander';
import type { CommonOptions } from './context';
import type { Wrap } from './program';

// --database-url is a global option (every command that opens the store takes it).
type MigrateOptions = CommonOptions;

async function migrate(opts: MigrateOptions): Promise<void> {
  const { GatehouseError } = await import('../core/errors');
  if (!opts.databaseUrl) {
    throw new GatehouseError(
      'INVALID_INPUT',
      'gatehouse migrate needs --database-url postgres://USER:PASSWORD@HOST:5432/DATABASE (or GATEHOUSE_DATABASE_URL); ' +
        'the SQLite store in the data dir migrates itself when it is opened',
    );
  }
  // The timeout and pool size are checked as every command checks them; a migration runs without a timeout, on one connection.
  (await import('./database-options')).resolveDatabaseFlags(opts);
  const { parseDatabaseUrl, redactDatabaseUrl } = await import('../core/db/database-url');
  const url = parseDatabaseUrl(opts.databaseUrl);
  const { postgresSql } = await import('../core/db/sql-postgres');
  const { applyMigrations } = await import('../core/db/schema');
  const { postgresMigrations } = await import('../core/db/migrations/postgres');
  // No statement timeout: a migration may rebuild a large table, and the lock waits for another replica's run.
  const sql = postgresSql(url, { statementTimeoutMs: 0, role: 'migrate' });
  try {
    const report = applyMigrations(sql, postgresMigrations);
    const database = redactDatabaseUrl(url);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ database, schema: report.version, applied: report.applied }, null, 2) + '\n');
    } else if (report.applied.length === 0) {
      process.stdout.write(`The schema of ${database} is current (${report.version}); nothing to apply.\n`);
    } else {
      const names = report.applied.map((m) => `${m.id}-${m.name}`).join(', ');
      process.stdout.write(`Applied ${report.applied.length} migration(s) to ${database}: ${names}. The schema is at ${report.version}.\n`);
    }
  } finally {
    sql.close();
  }
}

export function registerMigrateCommand(program: Command, run: Wrap): void {
  program
    .command('migrate')
    .description('team mode: apply the PostgreSQL schema migrations (--database-url), then exit')
    .action(run(async (opts: MigrateOptions) => migrate(opts)));
}
