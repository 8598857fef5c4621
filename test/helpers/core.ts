import { afterEach } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core } from '../../src-main/core';
import { envProvider, type MasterKeyProvider } from '../../src-main/core/crypto/master-key';

export function tmpDir(prefix = 'gatehouse-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function masterKey(): string {
  return randomBytes(32).toString('base64');
}

export function envKeyProviders(key: string): MasterKeyProvider[] {
  return [envProvider({ GATEHOUSE_MASTER_KEY: key })];
}

export function openTestCore(dir: string, key = masterKey()): { core: Core; key: string } {
  return { core: openCore({ dataDir: dir, masterKeyProviders: envKeyProviders(key) }), key };
}

/**
 * For test files that open a fresh core per test: call once at the top level; `open()`
 * gives a core on a new temp data dir, closed and removed after each test. `later`
 * registers other clean-ups (another connection, say) to run first.
 */
export function freshCores(): {
  open(): { core: Core; key: string; dir: string };
  later(cleanup: () => void): void;
} {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  return {
    open() {
      const t = tmpDir();
      const { core, key } = openTestCore(t.dir);
      cleanups.push(() => {
        core.close();
        t.cleanup();
      });
      return { core, key, dir: t.dir };
    },
    later: (cleanup) => void cleanups.push(cleanup),
  };
}
