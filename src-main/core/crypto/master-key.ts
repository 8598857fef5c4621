import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { MasterKeySource } from '../../../src-shared/model/system';
import { GatehouseError } from '../errors';
import { KEY_FILE } from '../paths';

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_ENV = 'GATEHOUSE_MASTER_KEY';

/** A place a master key can come from. `store` returns false when the place is unavailable. */
export interface MasterKeyProvider {
  readonly source: MasterKeySource;
  /** Where, in words, for messages ("the OS keychain", "the key file /x/master.key"). */
  readonly where: string;
  read(): Buffer | null;
  store?(key: Buffer): boolean;
  /** Forget the key here (the key file only); true when nothing is left behind. */
  remove?(): boolean;
  /** Whether this place answers at all (the keychain: a service is running), without storing anything. */
  probe?(): boolean;
}

export function decodeMasterKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || key.length !== MASTER_KEY_BYTES) {
    throw new GatehouseError(
      'MASTER_KEY_INVALID',
      `the master key in ${where} is not base64 of ${MASTER_KEY_BYTES} bytes; ` +
        'generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    );
  }
  return key;
}

export function envProvider(env: NodeJS.ProcessEnv = process.env): MasterKeyProvider {
  return {
    source: 'env',
    where: `the ${MASTER_KEY_ENV} environment variable`,
    read: () => (env[MASTER_KEY_ENV] ? decodeMasterKey(env[MASTER_KEY_ENV], `${MASTER_KEY_ENV}`) : null),
  };
}

/** The slice of @napi-rs/keyring's Entry that Gatehouse uses; tests inject a fake. */
export interface KeychainEntry {
  getPassword(): string | null | undefined;
  setPassword(password: string): void;
}

function keychainAccount(dataDir: string): string {
  let dir = dataDir;
  try {
    dir = realpathSync(dataDir);
  } catch {
    // Not created yet: the plain path names it well enough.
  }
  return `master-key:${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`;
}

type EntryCtor = new (s: string, a: string, o?: { linux?: { store: 'secret-service' } }) => KeychainEntry;

function loadKeyringEntry(service: string, account: string): KeychainEntry | null {
  try {
    // Loaded on demand: a native module that only this provider needs.
    const require = createRequire(import.meta.url);
    const { Entry } = require('@napi-rs/keyring') as { Entry: EntryCtor };
    // On Linux, require the Secret Service. Left to itself the binding falls back to the
    // kernel keyring, which lives in memory, is per session and is gone after a reboot:
    // a master key kept there would strand every secret in the data dir.
    return new Entry(service, account, { linux: { store: 'secret-service' } });
  } catch {
    return null;
  }
}

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service).
 * Machines without a keychain service throw "Couldn't access platform storage":
 * then this provider is simply unavailable and the key file is used.
 */
export function keychainProvider(
  dataDir: string,
  makeEntry: (service: string, account: string) => KeychainEntry | null = loadKeyringEntry,
): MasterKeyProvider {
  const entry = () => makeEntry('Gatehouse', keychainAccount(dataDir));
  return {
    source: 'keychain',
    where: 'the OS keychain',
    read() {
      let value: string | null | undefined;
      try {
        value = entry()?.getPassword();
      } catch {
        return null;
      }
      return value ? decodeMasterKey(value, 'the OS keychain entry "Gatehouse"') : null;
    },
    probe() {
      try {
        const e = entry();
        // A missing entry reads as null; only a keychain that does not answer throws.
        e?.getPassword();
        return e !== null;
      } catch {
        return false;
      }
    },
    store(key) {
      try {
        const e = entry();
        if (!e) return false;
        e.setPassword(key.toString('base64'));
        // Read back through a new handle: a store that does not persist must not be used.
        return entry()?.getPassword() === key.toString('base64');
      } catch {
        return false;
      }
    },
  };
}

export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE);
}

/** A 0600 file next to the database: the weakest option, and said so in the UI and doctor. */
export function fileProvider(dataDir: string): MasterKeyProvider {
  const file = keyFilePath(dataDir);
  return {
    source: 'file',
    where: `the key file ${file}`,
    read() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new GatehouseError('MASTER_KEY_INVALID', `cannot read the key file ${file}: ${(e as Error).message}`);
      }
      return decodeMasterKey(text, `the key file ${file}`);
    },
    store(key) {
      try {
        // 'wx': never overwrite a key file that another process created meanwhile.
        writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e;
      }
    },
    remove() {
      try {
        rmSync(file, { force: true });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Mode bits of the key file, or null when there is none; doctor warns when group/others can read it. */
export function keyFileMode(dataDir: string): number | null {
  try {
    return statSync(keyFilePath(dataDir)).mode & 0o777;
  } catch {
    return null;
  }
}
