import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MasterKeySource } from '../../../src-shared/model/system';
import { toSql, type Store } from '../db/store';
import type { Sql } from '../db/sql';
import { GatehouseError } from '../errors';
import { open, seal } from './aead';
import { MASTER_KEY_BYTES, type MasterKeyProvider } from './master-key';
import { masterKeyProviders } from './master-key-sources';

export type { MasterKeyProvider } from './master-key';

const DEK_META = 'vault.dek';
const DEK_AAD = 'gatehouse:vault:dek:v1';
const RELOOK_MS = 3000;
/** A keychain probe is a D-Bus round trip on Linux: the Settings screen polls status. */
const PROBE_MS = 30_000;

/**
 * Envelope encryption: a random data key (DEK) encrypts every secret; the master key
 * only wraps the DEK, which is stored in `meta`. Each secret's AAD names its row.
 */
export interface Vault {
  /** Where a process opening this data dir now finds the master key. */
  readonly source: MasterKeySource;
  readonly where: string;
  /**
   * Moves the master key from the key file into the OS keychain: stored, read back
   * through a new handle, then the file is deleted. Throws, changing nothing, when the
   * key is not in the file or no keychain answers. `fileLeft` names a file that could
   * not be deleted (the keychain is read first, so it is no longer used).
   */
  moveToKeychain(): { fileLeft: string | null };
  /** Whether an OS keychain answers on this machine (null: no keychain is configured); asked at most every 30 s. */
  keychainAvailable(): boolean | null;
  seal(plaintext: string | Buffer, aad: string): Buffer;
  /** Throws VAULT_TAMPERED when the bytes or their row binding were changed. */
  open(sealed: Buffer, aad: string): Buffer;
  /**
   * A keyed hash (HMAC-SHA-256, base64url) of a bearer secret, for storing it as a look-up
   * key: the row is found by hashing what a client presents, and a copy of the database
   * without the master key gives nothing to present. The key is derived from the data key
   * per purpose, so one purpose's hashes say nothing about another's.
   */
  mac(purpose: string, value: string): string;
}

/** The HMAC key of one purpose: HKDF-SHA-256 of the data key, labelled with the purpose. */
function macKey(dek: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), `gatehouse:mac:v1:${purpose}`, 32));
}

function readWrapped(sql: Sql): Buffer | null {
  const row = sql.get<{ value: Buffer }>('SELECT value FROM meta WHERE key = ?', [DEK_META]);
  return row?.value ?? null;
}

function firstKey(providers: MasterKeyProvider[]): { key: Buffer; provider: MasterKeyProvider } | null {
  for (const provider of providers) {
    const key = provider.read();
    if (key) return { key, provider };
  }
  return null;
}

/**
 * The first place, in order, whose key opens the data key. A keychain entry left by an
 * earlier install at the same path must not hide the key file that opens this data dir;
 * GATEHOUSE_MASTER_KEY is an explicit choice, so a wrong one is an error at once.
 */
/** `place`: what holds the secrets, as the user knows it: `data dir (PATH)` or `database (URL, password redacted)`. */
function unlock(wrapped: Buffer, providers: MasterKeyProvider[], place: string): { key: Buffer; provider: MasterKeyProvider; dek: Buffer } {
  let wrong: MasterKeyProvider | null = null;
  for (const provider of providers) {
    const key = provider.read();
    if (!key) continue;
    const dek = open(key, wrapped, DEK_AAD);
    if (dek) return { key, provider, dek };
    wrong ??= provider;
    if (provider.source === 'env') break;
  }
  if (!wrong) {
    throw new GatehouseError(
      'MASTER_KEY_MISSING',
      `this ${place} holds encrypted secrets but no master key was found ` +
        `(looked in ${providers.map((p) => p.where).join(', ')}). Restore the master key it was created with; ` +
        'Gatehouse does not make a new one, since that would make the stored secrets unreadable.',
    );
  }
  throw new GatehouseError(
    'WRONG_MASTER_KEY',
    `the master key from ${wrong.where} does not open this ${place}. ` +
      `Use the master key it was created with (check ${providers.map((p) => p.where).join(', ')}). ` +
      'Nothing was changed.',
  );
}

export function openVault(store: Store, dataDir: string, providers = masterKeyProviders({ dataDir }), holder = `data dir (${dataDir})`): Vault {
  const sql = toSql(store);
  let wrapped = readWrapped(sql);
  if (!wrapped) {
    // A new data dir: find or create a master key, then store a new wrapped DEK.
    let found = firstKey(providers);
    if (!found) {
      const key = randomBytes(MASTER_KEY_BYTES);
      for (const provider of providers) {
        if (provider.store?.(key)) {
          found = { key, provider };
          break;
        }
      }
      // A concurrent process may have created the key file first: use its key.
      found ??= firstKey(providers);
      if (!found) {
        throw new GatehouseError('MASTER_KEY_MISSING', 'no place to keep a master key: set GATEHOUSE_MASTER_KEY');
      }
    }
    const sealedDek = seal(found.key, randomBytes(32), DEK_AAD);
    sql.run('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)', [DEK_META, sealedDek]);
    wrapped = readWrapped(sql);
  }

  const { key, provider: first, dek } = unlock(wrapped!, providers, holder);
  let current = first;
  const holds = (provider: MasterKeyProvider) => {
    try {
      const k = provider.read();
      return k !== null && timingSafeEqual(k, key);
    } catch {
      return false;
    }
  };
  // Another process (the CLI, the app) may have moved the key since: when the key file
  // is gone, say where the key is now rather than where it was at start. Looked at no
  // more than every few seconds: a keychain read can mean a D-Bus round trip.
  let lookedAt = 0;
  const macKeys = new Map<string, Buffer>();
  const place = () => {
    if (current.source === 'file' && Date.now() - lookedAt >= RELOOK_MS) {
      lookedAt = Date.now();
      if (!holds(current)) current = providers.find((p) => p !== current && holds(p)) ?? current;
    }
    return current;
  };
  let probed: { at: number; value: boolean | null } | null = null;
  return {
    get source() {
      return place().source;
    },
    keychainAvailable() {
      if (!probed || Date.now() - probed.at >= PROBE_MS) {
        const keychain = providers.find((p) => p.source === 'keychain');
        probed = { at: Date.now(), value: keychain?.probe ? keychain.probe() : null };
      }
      return probed.value;
    },
    get where() {
      return place().where;
    },
    moveToKeychain() {
      const from = place();
      if (from.source !== 'file') {
        throw new GatehouseError('CONFLICT', `the master key is not in a key file: it comes from ${from.where}. Nothing was changed.`);
      }
      const keychain = providers.find((p) => p.source === 'keychain');
      if (!keychain?.store?.(key) || !holds(keychain)) {
        throw new GatehouseError(
          'KEYCHAIN_UNAVAILABLE',
          'no OS keychain answered on this machine (on Linux, Gatehouse needs a running, unlocked Secret Service such as ' +
            'GNOME Keyring or KWallet). The master key stays in the key file; nothing was changed.',
        );
      }
      current = keychain;
      return { fileLeft: from.remove?.() === false ? from.where : null };
    },
    mac(purpose, value) {
      let k = macKeys.get(purpose);
      if (!k) macKeys.set(purpose, (k = macKey(dek, purpose)));
      return createHmac('sha256', k).update(value, 'utf8').digest('base64url');
    },
    seal: (plaintext, aad) => seal(dek, Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8'), aad),
    open(sealed, aad) {
      const plain = open(dek, sealed, aad);
      if (!plain) {
        throw new GatehouseError(
          'VAULT_TAMPERED',
          `a stored secret (${aad}) failed its integrity check: the database was changed outside Gatehouse ` +
            'or copied from another data dir. Restore the database from a backup.',
        );
      }
      return plain;
    },
  };
}
