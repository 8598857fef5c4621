// The first OAuth signing key is made once however many replicas start together, on
// both engines: two connections to one store ensure it at once and end with one key.
// "At once" is made exact by letting the second connection make its key at the moment
// the first has just looked and found none.
import { describe, expect, it } from 'vitest';
import type { Sql } from '../../src-main/core/db/sql';
import { SigningKeys } from '../../src-main/core/oauth/signing-keys';
import { ENGINES, freshStores } from '../helpers/engines';
import { openMigrated } from '../helpers/migrated-store';

const stores = freshStores();
const CHECK = 'FROM oauth_signing_keys WHERE retired_at IS NULL';

/** `sql`, but `race` runs once right after the first current-key check that `when` accepts. */
function racing(sql: Sql, when: (s: Sql) => boolean, race: () => void): { sql: Sql; raced: () => boolean } {
  let raced = false;
  const get: Sql['get'] = (text, params) => {
    const row = sql.get(text, params);
    if (!raced && text.includes(CHECK) && when(sql)) {
      raced = true;
      race();
    }
    return row as never;
  };
  const proxy = new Proxy(sql, {
    get: (t, p) => (p === 'get' ? get : (Reflect.get(t, p, t) as unknown)),
  });
  return { sql: proxy, raced: () => raced };
}

const keyCount = (sql: Sql) => sql.get<{ n: number }>('SELECT count(*) AS n FROM oauth_signing_keys')!.n;

describe.each(ENGINES)('the first signing key on %s', (engine) => {
  const twoReplicas = async () => {
    const m = await openMigrated(stores, engine);
    return { ...m, other: new SigningKeys(stores.reopen(m.store), m.vault) };
  };

  it('two connections that both find no key end with one key, published by both', async () => {
    const { sql, vault, other } = await twoReplicas();
    const a = racing(sql, () => true, () => other.privateJwks(0));
    const first = new SigningKeys(a.sql, vault).privateJwks(0);
    expect(a.raced()).toBe(true);
    expect(keyCount(sql)).toBe(1);
    expect(first.map((k) => k.kid)).toEqual(other.privateJwks(0).map((k) => k.kid));
  });

  it.runIf(engine === 'postgres')('a key made while our transaction is open, after we saw none: ours is refused and the re-run finds it', async () => {
    const { sql, vault, other } = await twoReplicas();
    const a = racing(sql, (s) => s.inTransaction, () => other.ensureCurrent());
    new SigningKeys(a.sql, vault).ensureCurrent();
    expect(a.raced()).toBe(true);
    expect(keyCount(sql)).toBe(1);
    expect(new SigningKeys(sql, vault).list(0)).toEqual(other.list(0));
  });

  it('a key that exists is kept: ensuring again makes none, rotating retires it', async () => {
    const { sql, vault } = await openMigrated(stores, engine);
    const keys = new SigningKeys(sql, vault);
    keys.ensureCurrent();
    const [made] = keys.list(0);
    keys.ensureCurrent();
    expect(keys.list(0)).toEqual([made]);
    keys.rotate();
    expect(keyCount(sql)).toBe(2);
    expect(keys.list(60_000).map((k) => k.state)).toEqual(['signing', 'verify-only']);
  });
});
