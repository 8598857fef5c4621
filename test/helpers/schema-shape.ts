// What a schema is made of, read from each engine's own catalog (SQLite's pragmas,
// PostgreSQL's information_schema and pg_catalog) into one shape, so a test can say
// that both engines' migrations end with the same tables, columns, keys and indexes.
import type { Sql } from '../../src-main/core/db/sql';

export interface TableShape {
  /** name → "type notnull? default? pk#? auto?" */
  columns: Record<string, string>;
  /** name → "unique? (cols) where …" for the indexes the migrations create themselves. */
  indexes: Record<string, string>;
  /** "(cols)" of each UNIQUE constraint (not the primary key). */
  uniques: string[];
  /** "(cols) → table(cols) on delete …" */
  foreignKeys: string[];
  checks: number;
}
export type SchemaShape = Record<string, TableShape>;

const SQLITE_TYPES: Record<string, string> = { TEXT: 'text', INTEGER: 'integer', REAL: 'real', BLOB: 'bytes' };
const PG_TYPES: Record<string, string> = { text: 'text', bigint: 'integer', 'double precision': 'real', bytea: 'bytes' };
const PG_ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** 'headers'::text → 'headers'; (grant_id IS NOT NULL) → grant_id is not null */
const normDefault = (d: string | null) => (d === null ? '' : d.replace(/::[a-z ]+$/i, ''));
const normWhere = (w: string | null) => (w ? w.replace(/[()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase() : '');

function column(type: string, notNull: boolean, dflt: string | null, pk: number, auto: boolean): string {
  return [type, notNull ? 'notnull' : '', dflt ? `default ${dflt}` : '', pk ? `pk${pk}` : '', auto ? 'auto' : ''].filter(Boolean).join(' ');
}

interface SqliteColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

function sqliteTable(sql: Sql, table: string, createSql: string): TableShape {
  const cols = sql.all<SqliteColumn>('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)', [table]);
  const pkCount = cols.filter((c) => c.pk > 0).length;
  const columns: Record<string, string> = {};
  for (const c of cols) {
    const auto = c.pk === 1 && pkCount === 1 && c.type === 'INTEGER';
    columns[c.name] = column(SQLITE_TYPES[c.type] ?? c.type, c.notnull === 1 || c.pk > 0, normDefault(c.dflt_value), c.pk, auto);
  }
  const shape: TableShape = { columns, indexes: {}, uniques: [], foreignKeys: [], checks: (createSql.match(/\bCHECK\s*\(/gi) ?? []).length };
  const indexes = sql.all<{ name: string; unique: number; origin: string }>('SELECT name, "unique", origin FROM pragma_index_list(?)', [table]);
  for (const ix of indexes) {
    const cols = sql.all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [ix.name]).map((r) => r.name);
    if (ix.origin === 'u') shape.uniques.push(`(${cols.join(', ')})`);
    if (ix.origin !== 'c') continue;
    const text = sql.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [ix.name])!.sql;
    const where = normWhere(/\bWHERE\b([\s\S]*)$/i.exec(text)?.[1] ?? null);
    shape.indexes[ix.name] = `${ix.unique ? 'unique ' : ''}(${cols.join(', ')})${where ? ` where ${where}` : ''}`;
  }
  const fks = sql.all<{ id: number; table: string; from: string; to: string; on_delete: string }>(
    'SELECT id, "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq',
    [table],
  );
  for (const id of new Set(fks.map((f) => f.id))) {
    const parts = fks.filter((f) => f.id === id);
    shape.foreignKeys.push(`(${parts.map((p) => p.from).join(', ')}) → ${parts[0]!.table}(${parts.map((p) => p.to).join(', ')}) on delete ${parts[0]!.on_delete}`);
  }
  shape.uniques.sort();
  shape.foreignKeys.sort();
  return shape;
}

export function sqliteShape(sql: Sql): SchemaShape {
  const tables = sql.all<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return Object.fromEntries(tables.map((t) => [t.name, sqliteTable(sql, t.name, t.sql)]));
}

// The columns of a pg_constraint or pg_index key, in key order.
const KEY_COLUMNS = (rel: string, key: string) =>
  `(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(${key}) WITH ORDINALITY k(attnum, n)
     JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum)`;

function pgColumns(sql: Sql, shape: SchemaShape): void {
  const pk = sql.all<{ table_name: string; column_name: string; ordinal_position: number }>(
    `SELECT k.table_name, k.column_name, k.ordinal_position FROM information_schema.table_constraints c
       JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.constraint_schema = c.constraint_schema
      WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()`,
  );
  const cols = sql.all<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  for (const c of cols) {
    const key = pk.find((p) => p.table_name === c.table_name && p.column_name === c.column_name)?.ordinal_position ?? 0;
    shape[c.table_name]!.columns[c.column_name] = column(PG_TYPES[c.data_type] ?? c.data_type, c.is_nullable === 'NO', normDefault(c.column_default), key, c.is_identity === 'YES');
  }
}

function pgIndexes(sql: Sql, shape: SchemaShape): void {
  const rows = sql.all<{ table_name: string; index_name: string; is_unique: boolean; backs_constraint: boolean; predicate: string | null; cols: string }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) AS backs_constraint,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate, ${KEY_COLUMNS('t.oid', 'ix.indkey::int2[]')} AS cols
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()`,
  );
  for (const r of rows.filter((r) => !r.backs_constraint)) {
    const where = normWhere(r.predicate);
    shape[r.table_name]!.indexes[r.index_name] = `${r.is_unique ? 'unique ' : ''}(${r.cols})${where ? ` where ${where}` : ''}`;
  }
}

function pgConstraints(sql: Sql, shape: SchemaShape): void {
  const rows = sql.all<{ table_name: string; contype: string; cols: string; ref_table: string | null; ref_cols: string | null; on_delete: string }>(
    `SELECT t.relname AS table_name, c.contype, ${KEY_COLUMNS('c.conrelid', 'c.conkey')} AS cols,
            f.relname AS ref_table, ${KEY_COLUMNS('c.confrelid', 'c.confkey')} AS ref_cols, c.confdeltype AS on_delete
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class f ON f.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()`,
  );
  for (const r of rows) {
    const table = shape[r.table_name]!;
    if (r.contype === 'u') table.uniques.push(`(${r.cols})`);
    if (r.contype === 'c') table.checks++;
    if (r.contype === 'f') table.foreignKeys.push(`(${r.cols}) → ${r.ref_table}(${r.ref_cols}) on delete ${PG_ON_DELETE[r.on_delete]}`);
  }
  for (const t of Object.values(shape)) {
    t.uniques.sort();
    t.foreignKeys.sort();
  }
}

export function postgresShape(sql: Sql): SchemaShape {
  const tables = sql.all<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const shape: SchemaShape = {};
  for (const { table_name } of tables) shape[table_name] = { columns: {}, indexes: {}, uniques: [], foreignKeys: [], checks: 0 };
  pgColumns(sql, shape);
  pgIndexes(sql, shape);
  pgConstraints(sql, shape);
  return shape;
}

export const shapeOf = (sql: Sql): SchemaShape => (sql.dialect === 'sqlite' ? sqliteShape(sql) : postgresShape(sql));
