// OAuth rows whose id is a bearer secret are stored under a keyed hash of it (issue 11,
// observation 3): the adapter finds them by hashing what is presented, the stored row
// holds neither the id nor a copy of it, and migration 010 deletes the rows an older
// Gatehouse stored under the raw value, leaving no copy in the database file or its WAL.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { openDatabase } from '../../src-main/core/db/connection';
import { migrate } from '../../src-main/core/db/migrate';
import { migrations } from '../../src-main/core/db/migrations';
import { storeAdapterClass, storedModelId } from '../../src-main/core/oauth/adapter';
import { oauthStoreOf } from '../../src-main/core/oauth';
import { envKeyProviders, freshCores, masterKey, tmpDir } from '../helpers/core';

const cores = freshCores();

/** Every file of the data dir, as bytes (the database, its WAL and shm, the rest). */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name))));
}
const forms = (s: string) => [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url'), Buffer.from(s).toString('hex')];

describe('OAuth adapter: secret ids stored under a keyed hash', () => {
  it('a refresh token is found by the value presented, and stored as neither its value nor a copy of it', async () => {
    const { core, dir } = cores.open();
    const Adapter = storeAdapterClass(core.db, core.vault);
    const refresh = new Adapter('RefreshToken');
    const value = randomBytes(32).toString('base64url');
    await refresh.upsert(value, { jti: value, kind: 'RefreshToken', clientId: 'c1', grantId: 'g1', iat: 1, exp: 4102444800 }, 3600);

    const row = core.db.prepare("SELECT * FROM oauth_models WHERE model = 'RefreshToken'").get() as Record<string, unknown>;
    expect(row.id).toBe(storedModelId(core.vault, 'RefreshToken', value));
    expect(JSON.stringify(row)).not.toContain(value);
    expect(String(row.id)).toMatch(/^h1\./);
    core.db.pragma('wal_checkpoint(FULL)');
    for (const f of forms(value)) expect(dataDirBytes(dir).includes(f), f).toBe(false);

    expect(await refresh.find(value)).toMatchObject({ jti: value, clientId: 'c1', grantId: 'g1' });
    // One character off (never the same one: a value ending in A would find itself).
    expect(await refresh.find(`${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    await refresh.consume(value);
    expect((await refresh.find(value))?.consumed).toBeGreaterThan(0);
    await refresh.destroy(value);
    expect(await refresh.find(value)).toBeUndefined();
  });

  it('another data dir\'s key hashes differently: a copied row is not found there', async () => {
    const a = cores.open();
    const b = cores.open();
    for (const model of ['AuthorizationCode', 'RegistrationAccessToken', 'Session', 'ClientCredentials']) {
      expect(storedModelId(a.core.vault, model, 'same')).not.toBe(storedModelId(b.core.vault, model, 'same'));
      expect(storedModelId(a.core.vault, model, 'same')).not.toBe(storedModelId(a.core.vault, 'RefreshToken', 'same'));
    }
    // Grants, clients and interactions keep their ids (not bearer secrets).
    for (const model of ['Grant', 'Client', 'Interaction']) expect(storedModelId(a.core.vault, model, 'x')).toBe('x');
  });

  it('an interaction\'s copy of the session cookie is sealed, and opened again on read', async () => {
    const { core } = cores.open();
    const interactions = new (storeAdapterClass(core.db, core.vault))('Interaction');
    const cookie = randomBytes(21).toString('base64url');
    await interactions.upsert('uid123456789', { jti: 'uid123456789', kind: 'Interaction', session: { accountId: 'admin', uid: 'u1', cookie } }, 600);
    const stored = (core.db.prepare("SELECT payload FROM oauth_models WHERE model = 'Interaction'").get() as { payload: string }).payload;
    expect(stored).not.toContain(cookie);
    expect(await interactions.find('uid123456789')).toMatchObject({ session: { accountId: 'admin', uid: 'u1', cookie } });
  });

  it('a session found by its uid comes without an id (it was never stored)', async () => {
    const { core } = cores.open();
    const sessions = new (storeAdapterClass(core.db, core.vault))('Session');
    const id = randomBytes(16).toString('base64url');
    await sessions.upsert(id, { jti: id, kind: 'Session', uid: 'su1', accountId: 'admin' }, 600);
    expect(await sessions.find(id)).toMatchObject({ jti: id, uid: 'su1' });
    const byUid = await sessions.findByUid('su1');
    expect(byUid).toMatchObject({ uid: 'su1', accountId: 'admin' });
    expect(byUid?.jti).toBeUndefined();
  });
});

describe('migration 010 on a data dir written by an older Gatehouse', () => {
  it('deletes the rows stored under a raw secret, keeps grants and clients, gives machine access only to clients the admin created with it, and leaves no copy on disk', () => {
    const t = tmpDir();
    try {
      const key = masterKey();
      // Schema 8, with a vault (its data key), as the previous release left it.
      openCore({ dataDir: t.dir, masterKeyProviders: envKeyProviders(key) }).close();
      const old = openDatabase(t.dir);
      // Undo every migration after 8 (each one's own tables), so openCore applies them again.
      old.exec(
        'DELETE FROM schema_migrations WHERE id > 8; DROP TABLE oauth_issued_tokens; ALTER TABLE client_backups DROP COLUMN sealed;' +
          ' DROP TABLE server_aliases; DROP TABLE resource_servers; DROP TABLE server_capabilities;' +
          // 012's indexes, key-change log and its triggers.
          ' DROP TABLE api_key_changes; DROP TRIGGER api_keys_changed; DROP TRIGGER api_keys_removed;' +
          ' DROP TRIGGER api_key_secrets_changed; DROP TRIGGER api_key_secrets_removed; DROP INDEX audit_events_tool;' +
          ' DROP INDEX api_keys_created; DROP INDEX api_keys_name; DROP INDEX api_keys_expires; DROP INDEX oauth_client_meta_created;' +
          ' DROP INDEX oauth_client_meta_name; DROP INDEX oauth_models_created; DROP INDEX server_tools_name; DROP INDEX rate_buckets_updated;' +
          // 013's columns and tables.
          ' DROP TABLE admin_login_tokens; DROP TABLE oauth_interaction_seen; ALTER TABLE api_keys DROP COLUMN description;' +
          ' ALTER TABLE api_key_secrets DROP COLUMN last_used_at;' +
          // 016's table.
          ' DROP TABLE admin_sessions;',
      );
      expect(migrate(old, migrations.filter((m) => m.id <= 8)).version).toBe(8);
      const secrets = { refresh: randomBytes(32).toString('base64url'), code: randomBytes(32).toString('base64url'), rat: randomBytes(32).toString('base64url'), session: randomBytes(16).toString('base64url') };
      const put = old.prepare('INSERT INTO oauth_models (model, id, payload, grant_id, client_id, created_at) VALUES (?, ?, ?, ?, ?, 0)');
      put.run('RefreshToken', secrets.refresh, JSON.stringify({ jti: secrets.refresh, grantId: 'g1' }), 'g1', 'ghc_manual');
      put.run('AuthorizationCode', secrets.code, JSON.stringify({ jti: secrets.code, grantId: 'g1' }), 'g1', 'ghc_manual');
      put.run('RegistrationAccessToken', secrets.rat, JSON.stringify({ jti: secrets.rat }), null, 'dcr1');
      put.run('Interaction', 'uid123456789', JSON.stringify({ session: { cookie: secrets.session } }), null, null);
      put.run('Grant', 'g1', JSON.stringify({ clientId: 'ghc_manual' }), 'g1', 'ghc_manual');
      const ccClient = (id: string, secret: boolean) => {
        old.prepare("INSERT INTO oauth_models (model, id, payload, secret_sealed, client_id, created_at) VALUES ('Client', ?, ?, ?, ?, 0)")
          .run(id, JSON.stringify({ client_id: id, grant_types: ['client_credentials'] }), secret ? Buffer.from('sealed') : null, id);
      };
      ccClient('ghc_manual', true);
      ccClient('dcr1', true);
      old.prepare("INSERT INTO oauth_client_meta (client_id, name, method, created_at) VALUES ('ghc_manual', 'svc', 'manual', 0), ('dcr1', 'dcr app', 'dcr', 0)").run();
      old.close();

      const core = openCore({ dataDir: t.dir, masterKeyProviders: envKeyProviders(key) });
      try {
        const models = core.db.prepare('SELECT model, id FROM oauth_models ORDER BY model, id').all() as { model: string; id: string }[];
        expect(models.map((m) => m.model).sort()).toEqual(['Client', 'Client', 'Grant', 'Grant']);
        const store = oauthStoreOf(core);
        expect(store.standing.machineGrantOf('ghc_manual')).toBe('machine:m010:ghc_manual');
        expect(store.standing.machineGrantOf('dcr1')).toBeNull();
        expect(store.grants.isLive('g1')).toBe(true);
      } finally {
        core.close();
      }
      const bytes = dataDirBytes(t.dir);
      for (const s of Object.values(secrets)) for (const f of forms(s)) expect(bytes.includes(f), `${s} as ${f}`).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
