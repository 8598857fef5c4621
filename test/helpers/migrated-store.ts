// A store on one engine, migrated, with a vault and an audit log on it: what the
// repositories of the both-engine tests (store-*.test.ts) are built on.
import { AuditLog } from '../../src-main/core/audit/log';
import { openVault, type Vault } from '../../src-main/core/crypto/vault';
import { migrations as sqliteMigrations } from '../../src-main/core/db/migrations';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { applyMigrations } from '../../src-main/core/db/schema';
import type { Sql } from '../../src-main/core/db/sql';
import { envKeyProviders, masterKey } from './core';
import type { Engine, freshStores, TestStore } from './engines';

export interface MigratedStore {
  store: TestStore;
  sql: Sql;
  vault: Vault;
  /** Flushed before the store closes, after the test. */
  audit: AuditLog;
}

export async function openMigrated(stores: ReturnType<typeof freshStores>, engine: Engine): Promise<MigratedStore> {
  const store = await stores.open(engine);
  const sql = store.sql;
  applyMigrations(sql, sql.dialect === 'postgres' ? postgresMigrations : sqliteMigrations);
  const vault = openVault(sql, store.dir ?? '(team database)', envKeyProviders(masterKey()));
  const audit = new AuditLog(sql);
  // Cleanups run last first: the audit is flushed while the store is still open.
  stores.later(() => audit.flush());
  return { store, sql, vault, audit };
}
