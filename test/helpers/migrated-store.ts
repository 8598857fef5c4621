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

/** Applies every migration of the store's dialect; its Sql. */
export function migrated(store: TestStore): Sql {
  applyMigrations(store.sql, store.sql.dialect === 'postgres' ? postgresMigrations : sqliteMigrations);
  return store.sql;
}

/** A fresh store of `engine`, migrated: the store and its Sql (no vault, no audit log). */
export async function openMigratedSql(stores: ReturnType<typeof freshStores>, engine: Engine): Promise<{ store: TestStore; sql: Sql }> {
  const store = await stores.open(engine);
  return { store, sql: migrated(store) };
}

export async function openMigrated(stores: ReturnType<typeof freshStores>, engine: Engine): Promise<MigratedStore> {
  const { store, sql } = await openMigratedSql(stores, engine);
  const vault = openVault(sql, store.dir ?? '(team database)', envKeyProviders(masterKey()));
  const audit = new AuditLog(sql);
  // Cleanups run last first: the audit is flushed while the store is still open.
  stores.later(() => audit.flush());
  return { store, sql, vault, audit };
}
