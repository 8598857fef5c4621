// Where each kind of process looks for the master key. The desktop (the app, the CLI,
// the guards) tries the environment, the OS keychain, then the key file in the data
// dir. A service (`serve` on a shared database) takes it from the environment only:
// `GATEHOUSE_MASTER_KEY`, or the file `GATEHOUSE_MASTER_KEY_FILE` names, as container
// orchestrators mount secrets. It never asks a keychain nor writes a key file.
import { readFileSync, statSync } from 'node:fs';
import { GatehouseError } from '../errors';
import { stderrLogger, type Logger } from '../log';
import { decodeMasterKey, envProvider, fileProvider, keychainProvider, MASTER_KEY_BYTES, MASTER_KEY_ENV, type MasterKeyProvider } from './master-key';

export const MASTER_KEY_FILE_ENV = 'GATEHOUSE_MASTER_KEY_FILE';

export interface MasterKeySourceOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** A service on a shared database: environment only (no keychain, no key file). */
  service?: boolean;
  /** Where a warning goes (a key file others can read). Default: stderr. */
  log?: Logger;
}

export function masterKeyProviders(opts: MasterKeySourceOptions): MasterKeyProvider[] {
  const env = opts.env ?? process.env;
  if (env[MASTER_KEY_ENV] && env[MASTER_KEY_FILE_ENV]) {
    throw new GatehouseError('MASTER_KEY_INVALID', `both ${MASTER_KEY_ENV} and ${MASTER_KEY_FILE_ENV} are set: set only one of them`);
  }
  const fromEnv = env[MASTER_KEY_FILE_ENV] ? envFileProvider(env[MASTER_KEY_FILE_ENV], opts.log ?? stderrLogger()) : envProvider(env);
  if (opts.service) return [serviceOnly(fromEnv)];
  return [fromEnv, keychainProvider(opts.dataDir), fileProvider(opts.dataDir)];
}

/**
 * The key in a mounted secret file: read once (the vault asks several times), a
 * trailing newline trimmed, base64 text or exactly 32 raw bytes.
 */
export function envFileProvider(path: string, log: Logger): MasterKeyProvider {
  let key: Buffer | null = null;
  const where = `the file ${path} (${MASTER_KEY_FILE_ENV})`;
  return {
    source: 'env',
    where,
    read() {
      key ??= readKeyFile(path, log);
      return key;
    },
  };
}

function readKeyFile(path: string, log: Logger): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new GatehouseError('MASTER_KEY_MISSING', `${MASTER_KEY_FILE_ENV} names ${path}, which does not exist: mount the secret there or correct ${MASTER_KEY_FILE_ENV}`);
    }
    throw new GatehouseError('MASTER_KEY_INVALID', `cannot read ${path} (${MASTER_KEY_FILE_ENV}): ${code ?? (e as Error).message}`);
  }
  warnIfOthersCanRead(path, log);
  return decodeKeyFile(bytes, path);
}

/** Exactly 32 bytes are the raw key; anything else is base64 text (a trailing newline is fine). */
export function decodeKeyFile(bytes: Buffer, path: string): Buffer {
  if (bytes.length === MASTER_KEY_BYTES) return Buffer.from(bytes);
  const text = bytes.toString('utf8').replace(/\r?\n$/, '');
  if (text.trim() === '') {
    throw new GatehouseError('MASTER_KEY_INVALID', `${path} (${MASTER_KEY_FILE_ENV}) is empty: put the base64 of 32 random bytes in it`);
  }
  try {
    return decodeMasterKey(text, `${path} (${MASTER_KEY_FILE_ENV})`);
  } catch {
    throw new GatehouseError(
      'MASTER_KEY_INVALID',
      `${path} (${MASTER_KEY_FILE_ENV}) holds ${bytes.length} bytes that are neither base64 of ${MASTER_KEY_BYTES} bytes ` +
        `(44 characters) nor exactly ${MASTER_KEY_BYTES} raw bytes; generate one with: openssl rand -base64 32`,
    );
  }
}

function warnIfOthersCanRead(path: string, log: Logger): void {
  try {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o004) {
      log.warn(`the master key file ${path} (${MASTER_KEY_FILE_ENV}) is readable by every user (mode 0${mode.toString(8)}): mount it with mode 0400 or 0440`, {
        event: 'master_key_file_readable',
        path,
      });
    }
  } catch {
    // Read a moment ago: a stat failing now changes nothing.
  }
}

/** In a service, no key in the environment is an error that names both variables. */
function serviceOnly(provider: MasterKeyProvider): MasterKeyProvider {
  return {
    ...provider,
    read() {
      const key = provider.read();
      if (key) return key;
      throw new GatehouseError(
        'MASTER_KEY_MISSING',
        `a Gatehouse service on a shared database takes its master key from ${MASTER_KEY_ENV} (base64) or ${MASTER_KEY_FILE_ENV} ` +
          '(a mounted secret file); set one of them. It never uses the OS keychain or a key file in the data dir.',
      );
    },
  };
}
