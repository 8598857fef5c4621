// What a home's store holds at rest, on either engine: for the tests that show a secret is
// kept sealed (never in the clear) wherever the store keeps its bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestHome } from './guard-harness';

/**
 * Whether `text` stands in the clear anywhere in the home's store: in SQLite's file (the
 * WAL checkpointed into it first), or on PostgreSQL in any row of any table (each row as
 * its JSON text, where a bytea value is written in hex, so both forms are looked for).
 */
export function storeHolds(home: Pick<TestHome, 'core' | 'dir'>, text: string): boolean {
  const { sql } = home.core;
  if (sql.dialect === 'sqlite') {
    sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return readFileSync(join(home.dir, 'gatehouse.db')).includes(Buffer.from(text));
  }
  const forms = [text, Buffer.from(text).toString('hex')];
  const tables = sql.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  return tables.some(({ name }) =>
    sql.all<{ row: string }>(`SELECT CAST(row_to_json(t) AS TEXT) AS row FROM "${name}" t`).some(({ row }) => forms.some((f) => row.includes(f))),
  );
}
