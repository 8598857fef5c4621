import { randomBytes } from 'node:crypto';
import type { MasterKeySource } from '../../../src-preload/contract';
import type { Database } from '../db/connection';
import { GatehouseError } from '../errors';
import { open, seal } from './aead';
import { defaultProviders, MASTER_KEY_BYTES, type MasterKeyProvider } from './master-key';

export type { MasterKeyProvider } from './master-key';

const DEK_META = 'vault.dek';
const DEK_AAD = 'gatehouse:vault:dek:v1';

/**
 * Envelope encryption: a random data key (DEK) encrypts every secret; the master key
 * only wraps the DEK, which is stored in `meta`. Each secret's AAD names its row.
 */
export interface Vault {
  readonly source: MasterKeySource;
  readonly where: string;
  seal(plaintext: string | Buffer, aad: string): Buffer;
  /** Throws VAULT_TAMPERED when the bytes or their row binding were changed. */
  open(sealed: Buffer, aad: string): Buffer;
}

function readWrapped(db: Database): Buffer | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(DEK_META) as { value: Buffer } | undefined;
  return row?.value ?? null;
}

function firstKey(providers: MasterKeyProvider[]): { key: Buffer; provider: MasterKeyProvider } | null {
  for (const provider of providers) {
    const key = provider.read();
    if (key) return { key, provider };
  }
  return null;
}

export function openVault(db: Database, dataDir: string, providers = defaultProviders(dataDir)): Vault {
  let wrapped = readWrapped(db);
  let found = firstKey(providers);

  if (!wrapped) {
    // A new data dir: find or create a master key, then store a new wrapped DEK.
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
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(DEK_META, sealedDek);
    wrapped = readWrapped(db);
  }

  if (!found) {
    throw new GatehouseError(
      'MASTER_KEY_MISSING',
      `this data dir (${dataDir}) holds encrypted secrets but no master key was found ` +
        `(looked in ${providers.map((p) => p.where).join(', ')}). Restore the master key it was created with; ` +
        'Gatehouse does not make a new one, since that would make the stored secrets unreadable.',
    );
  }
  const dek = wrapped ? open(found.key, wrapped, DEK_AAD) : null;
  if (!dek) {
    throw new GatehouseError(
      'WRONG_MASTER_KEY',
      `the master key from ${found.provider.where} does not open this data dir (${dataDir}). ` +
        'Use the master key this data dir was created with (check GATEHOUSE_MASTER_KEY, the OS keychain and master.key). ' +
        'Nothing was changed.',
    );
  }
  const { source, where } = found.provider;
  return {
    source,
    where,
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
