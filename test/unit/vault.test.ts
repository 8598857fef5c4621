import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { openCore } from '../../src-main/core';
import { fileProvider, keychainProvider, type KeychainEntry } from '../../src-main/core/crypto/master-key';
import { envKeyProviders, masterKey, openTestCore, tmpDir } from '../helpers/core';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function dir() {
  const t = tmpDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
const rules = [{ effect: 'allow' as const, pattern: '*:*' }];
/** A keychain whose every handle has its own memory, like the kernel keyring seen from another session. */
const forgetful = (): KeychainEntry => {
  let value: string | null = null;
  return { getPassword: () => value, setPassword: (p) => void (value = p) };
};

describe('vault and master key', () => {
  it('keeps no plaintext key or secret in the SQLite file', () => {
    const d = dir();
    const { core } = openTestCore(d);
    const secrets = Array.from({ length: 5 }, (_, i) =>
      core.keys.create({ name: `k${i}`, expiresInSeconds: null, rules, rateLimit: null }).secret,
    );
    core.close(); // checkpoints the WAL into the main file
    const raw = Buffer.concat(
      ['gatehouse.db', 'gatehouse.db-wal'].filter((f) => existsSync(join(d, f))).map((f) => readFileSync(join(d, f))),
    );
    for (const s of secrets) {
      const secretPart = s.split('_')[2]!;
      expect(raw.includes(Buffer.from(secretPart))).toBe(false);
      expect(raw.includes(Buffer.from(s))).toBe(false);
    }
    // The lookup id is public by design and is stored.
    expect(raw.includes(Buffer.from(secrets[0]!.split('_')[1]!))).toBe(true);
  });

  it('a wrong master key is a clear error and leaves the database byte-identical', () => {
    const d = dir();
    const { core } = openTestCore(d);
    core.keys.create({ name: 'x', expiresInSeconds: null, rules, rateLimit: null });
    core.close();
    const before = readFileSync(join(d, 'gatehouse.db'));
    expect(() => openCore({ dataDir: d, masterKeyProviders: envKeyProviders(masterKey()) })).toThrow(
      expect.objectContaining({ code: 'WRONG_MASTER_KEY', message: expect.stringMatching(/does not open this data dir.*Nothing was changed/) }),
    );
    expect(readFileSync(join(d, 'gatehouse.db')).equals(before)).toBe(true);
  });

  it('a missing master key for an existing vault is an error, never a new key', () => {
    const d = dir();
    openTestCore(d).core.close();
    const before = readFileSync(join(d, 'gatehouse.db'));
    expect(() => openCore({ dataDir: d, masterKeyProviders: [fileProvider(d)] })).toThrow(
      expect.objectContaining({ code: 'MASTER_KEY_MISSING' }),
    );
    expect(existsSync(join(d, 'master.key'))).toBe(false);
    expect(readFileSync(join(d, 'gatehouse.db')).equals(before)).toBe(true);
  });

  it('an invalid GATEHOUSE_MASTER_KEY names the fix', () => {
    const d = dir();
    expect(() => openCore({ dataDir: d, masterKeyProviders: envKeyProviders('too-short') })).toThrow(
      expect.objectContaining({ code: 'MASTER_KEY_INVALID', message: expect.stringContaining('randomBytes(32)') }),
    );
  });

  it('detects a tampered ciphertext and a ciphertext moved to another row', () => {
    const d = dir();
    const { core } = openTestCore(d);
    const a = core.keys.create({ name: 'a', expiresInSeconds: null, rules, rateLimit: null });
    const b = core.keys.create({ name: 'b', expiresInSeconds: null, rules, rateLimit: null });
    const sealedOf = (id: string) =>
      (core.db.prepare('SELECT sealed FROM api_key_secrets WHERE key_id = ?').get(id) as { sealed: Buffer }).sealed;
    const flipped = Buffer.from(sealedOf(a.key.id));
    flipped[flipped.length - 1]! ^= 1;
    core.db.prepare('UPDATE api_key_secrets SET sealed = ? WHERE key_id = ?').run(flipped, a.key.id);
    expect(() => core.keys.reveal(a.key.id, 'cli')).toThrow(expect.objectContaining({ code: 'VAULT_TAMPERED' }));
    // b's valid ciphertext copied onto a's row does not open there: the AAD binds it to b's row.
    core.db.prepare('UPDATE api_key_secrets SET sealed = ? WHERE key_id = ?').run(sealedOf(b.key.id), a.key.id);
    expect(() => core.keys.reveal(a.key.id, 'cli')).toThrow(expect.objectContaining({ code: 'VAULT_TAMPERED' }));
    expect(core.keys.reveal(b.key.id, 'cli').secret).toBe(b.secret);
    core.close();
  });

  it('falls through an unavailable keychain to a 0600 key file, and reopens with it', () => {
    const d = dir();
    const broken: KeychainEntry = {
      getPassword: () => {
        throw new Error("Couldn't access platform storage");
      },
      setPassword: () => {
        throw new Error("Couldn't access platform storage");
      },
    };
    const providers = () => [keychainProvider(d, () => broken), fileProvider(d)];
    const core = openCore({ dataDir: d, masterKeyProviders: providers() });
    expect(core.status()).toMatchObject({ masterKeySource: 'file', masterKeyWeak: true });
    const { secret } = core.keys.create({ name: 'x', expiresInSeconds: null, rules, rateLimit: null });
    core.close();
    expect(statSync(join(d, 'master.key')).mode & 0o777).toBe(0o600);
    const again = openCore({ dataDir: d, masterKeyProviders: providers() });
    expect(again.keys.verify(secret).ok).toBe(true);
    again.close();
  });

  it('uses the OS keychain when one answers', () => {
    const d = dir();
    const store = new Map<string, string>();
    const entry = (service: string, account: string): KeychainEntry => ({
      getPassword: () => store.get(`${service}/${account}`) ?? null,
      setPassword: (p) => void store.set(`${service}/${account}`, p),
    });
    const providers = () => [keychainProvider(d, entry), fileProvider(d)];
    const core = openCore({ dataDir: d, masterKeyProviders: providers() });
    expect(core.status()).toMatchObject({ masterKeySource: 'keychain', masterKeyWeak: false });
    const { secret } = core.keys.create({ name: 'x', expiresInSeconds: null, rules, rateLimit: null });
    core.close();
    expect(existsSync(join(d, 'master.key'))).toBe(false);
    expect(store.size).toBe(1);
    const again = openCore({ dataDir: d, masterKeyProviders: providers() });
    expect(again.keys.reveal(again.keys.list().keys[0]!.id, 'cli').secret).toBe(secret);
    again.close();
  });

  it('does not trust a keychain that forgets: a key it cannot read back goes to the key file', () => {
    const d = dir();
    const core = openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, forgetful), fileProvider(d)] });
    expect(core.status().masterKeySource).toBe('file');
    core.close();
    const again = openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, forgetful), fileProvider(d)] });
    expect(again.status().masterKeySource).toBe('file');
    again.close();
  });

  it('a keychain entry left by an earlier install does not hide the key file that opens the data dir', () => {
    const d = dir();
    const core = openCore({ dataDir: d, masterKeyProviders: [fileProvider(d)] });
    const { secret } = core.keys.create({ name: 'x', expiresInSeconds: null, rules, rateLimit: null });
    core.close();
    const stale: KeychainEntry = { getPassword: () => masterKey(), setPassword: () => undefined };
    const again = openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, () => stale), fileProvider(d)] });
    expect(again.status().masterKeySource).toBe('file');
    expect(again.keys.verify(secret).ok).toBe(true);
    again.close();
    // Alone, the stale entry is named as the key that does not open it.
    expect(() => openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, () => stale)] })).toThrow(
      expect.objectContaining({ code: 'WRONG_MASTER_KEY', message: expect.stringContaining('the master key from the OS keychain does not open') }),
    );
  });

  it('a wrong GATEHOUSE_MASTER_KEY is an error even when the key file would open the data dir', () => {
    const d = dir();
    openCore({ dataDir: d, masterKeyProviders: [fileProvider(d)] }).close();
    expect(() => openCore({ dataDir: d, masterKeyProviders: [...envKeyProviders(masterKey()), fileProvider(d)] })).toThrow(
      expect.objectContaining({ code: 'WRONG_MASTER_KEY', message: expect.stringContaining('GATEHOUSE_MASTER_KEY environment variable does not open') }),
    );
  });

  describe('moving the master key from the key file into the keychain', () => {
    /** A keychain that can be switched on later (a Secret Service started after the first run). */
    function switchableKeychain() {
      const store = new Map<string, string>();
      const state = { on: false };
      const entry = (service: string, account: string): KeychainEntry => ({
        getPassword: () => {
          if (!state.on) throw new Error("Couldn't access platform storage");
          return store.get(`${service}/${account}`) ?? null;
        },
        setPassword: (p) => {
          if (!state.on) throw new Error("Couldn't access platform storage");
          store.set(`${service}/${account}`, p);
        },
      });
      return { store, state, entry };
    }

    it('stores it in the keychain, deletes the file, audits the move, and every process then finds it there', async () => {
      const d = dir();
      const kc = switchableKeychain();
      const providers = () => [keychainProvider(d, kc.entry), fileProvider(d)];
      const core = openCore({ dataDir: d, masterKeyProviders: providers() });
      const other = openCore({ dataDir: d, masterKeyProviders: providers() }); // a guard, say
      expect(core.status().masterKeySource).toBe('file');
      const { secret } = core.keys.create({ name: 'x', expiresInSeconds: null, rules, rateLimit: null });
      const fileKey = readFileSync(join(d, 'master.key'), 'utf8').trim();

      kc.state.on = true;
      const res = await createApi(core).dispatch('system.masterKey.moveToKeychain', {}, { actor: 'desktop' });
      expect(res).toEqual({ data: { status: expect.objectContaining({ masterKeySource: 'keychain', masterKeyWeak: false }), fileLeft: null } });
      expect(existsSync(join(d, 'master.key'))).toBe(false);
      expect([...kc.store.values()]).toEqual([fileKey]);
      // The process that was already open says where the key is now, and still decrypts.
      expect(other.status().masterKeySource).toBe('keychain');
      expect(other.keys.reveal(other.keys.list().keys[0]!.id, 'cli').secret).toBe(secret);
      core.close();
      other.close();

      const audit = openCore({ dataDir: d, masterKeyProviders: providers() });
      expect(audit.status().masterKeySource).toBe('keychain');
      expect(audit.keys.verify(secret).ok).toBe(true);
      const rows = audit.db.prepare("SELECT actor, detail FROM audit_events WHERE action = 'master_key.move'").all();
      expect(rows).toEqual([{ actor: 'desktop', detail: JSON.stringify({ to: 'keychain', fileLeft: false }) }]);
      audit.close();
      // The keychain alone opens the data dir now.
      const only = openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, kc.entry)] });
      expect(only.keys.verify(secret).ok).toBe(true);
      only.close();
    });

    it('without a keychain, says so and leaves the key file byte-identical', () => {
      const d = dir();
      const kc = switchableKeychain();
      const core = openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, kc.entry), fileProvider(d)] });
      const before = readFileSync(join(d, 'master.key'));
      expect(() => core.vault.moveToKeychain()).toThrow(
        expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringMatching(/no OS keychain answered.*stays in the key file; nothing was changed/) }),
      );
      expect(readFileSync(join(d, 'master.key')).equals(before)).toBe(true);
      expect(core.status().masterKeySource).toBe('file');
      core.close();
    });

    it('does not move the key into a keychain that forgets it', () => {
      const d = dir();
      const core = openCore({ dataDir: d, masterKeyProviders: [keychainProvider(d, forgetful), fileProvider(d)] });
      expect(() => core.vault.moveToKeychain()).toThrow(expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE' }));
      expect(existsSync(join(d, 'master.key'))).toBe(true);
      core.close();
    });

    it('refuses when the key does not come from a key file', () => {
      const d = dir();
      const { core } = openTestCore(d);
      expect(() => core.vault.moveToKeychain()).toThrow(
        expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('GATEHOUSE_MASTER_KEY environment variable') }),
      );
      core.close();
    });
  });
});
