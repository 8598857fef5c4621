import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { decodeKeyFile, masterKeyProviders } from '../../src-main/core/crypto/master-key-sources';
import { tmpDir } from '../helpers/core';
import { memoryLogger } from '../helpers/log';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
function dir(): string {
  const t = tmpDir('gatehouse-mk-');
  temps.push(t);
  return t.dir;
}
function file(content: string | Buffer, mode = 0o400): string {
  const f = join(dir(), 'master.key');
  writeFileSync(f, content);
  chmodSync(f, mode);
  return f;
}

describe('GATEHOUSE_MASTER_KEY_FILE', () => {
  it('reads the key once: base64 with or without a trailing newline, or exactly 32 raw bytes', () => {
    const key = randomBytes(32);
    for (const content of [key.toString('base64'), `${key.toString('base64')}\n`, `${key.toString('base64')}\r\n`, key]) {
      const f = file(content);
      const [p] = masterKeyProviders({ dataDir: dir(), env: { GATEHOUSE_MASTER_KEY_FILE: f } });
      expect(p!.read()).toEqual(key);
      writeFileSync(f, 'changed');
      expect(p!.read()).toEqual(key);
      expect(p!.where).toBe(`the file ${f} (GATEHOUSE_MASTER_KEY_FILE)`);
    }
  });

  it('refuses any other content with a message that names the variable, and never echoes the content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }).filter((b) => b.length !== 32), (bytes) => {
        let decoded: Buffer;
        try {
          decoded = decodeKeyFile(Buffer.from(bytes), '/run/secrets/k');
        } catch (e) {
          expect((e as Error).message).toContain('/run/secrets/k (GATEHOUSE_MASTER_KEY_FILE)');
          return;
        }
        // Only base64 of exactly 32 bytes gets through.
        expect(decoded.length).toBe(32);
      }),
    );
  });

  it('warns (through the logger it is given) when every user can read the file, not when only its owner or group can', () => {
    const key = randomBytes(32).toString('base64');
    for (const [mode, warned] of [[0o644, true], [0o604, true], [0o640, false], [0o400, false]] as const) {
      const { logger, records } = memoryLogger();
      const [p] = masterKeyProviders({ dataDir: dir(), env: { GATEHOUSE_MASTER_KEY_FILE: file(key, mode) }, log: logger });
      p!.read();
      expect(records().length, mode.toString(8)).toBe(warned ? 1 : 0);
    }
  });

  it('is an error naming the variable when the file is missing, and when both variables are set', () => {
    const [p] = masterKeyProviders({ dataDir: dir(), env: { GATEHOUSE_MASTER_KEY_FILE: '/nonexistent/master.key' } });
    expect(() => p!.read()).toThrow('GATEHOUSE_MASTER_KEY_FILE names /nonexistent/master.key, which does not exist');
    expect(() => masterKeyProviders({ dataDir: dir(), env: { GATEHOUSE_MASTER_KEY_FILE: 'x', GATEHOUSE_MASTER_KEY: 'y' } })).toThrow(/set only one of them/);
  });
});

describe('a service (serve with --database-url)', () => {
  it('takes the key from the environment only: no keychain, no key file read or written', () => {
    const dataDir = dir();
    const providers = masterKeyProviders({ dataDir, env: {}, service: true });
    expect(providers.map((p) => p.source)).toEqual(['env']);
    expect(() => openCore({ dataDir, masterKeyProviders: providers })).toThrow(/GATEHOUSE_MASTER_KEY \(base64\) or GATEHOUSE_MASTER_KEY_FILE/);
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
  });

  it('ignores a key file left in the data dir', () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'master.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
    expect(() => masterKeyProviders({ dataDir, env: {}, service: true })[0]!.read()).toThrow(/never uses the OS keychain or a key file/);
  });

  it('opens a data dir with the key from the file', () => {
    const dataDir = dir();
    const env = { GATEHOUSE_MASTER_KEY_FILE: file(`${randomBytes(32).toString('base64')}\n`) };
    const core = openCore({ dataDir, masterKeyProviders: masterKeyProviders({ dataDir, env, service: true }) });
    expect(core.status().masterKeySource).toBe('env');
    core.close();
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
  });

  it('on the desktop, still looks in the keychain and the data dir after the environment', () => {
    expect(masterKeyProviders({ dataDir: dir(), env: {} }).map((p) => p.source)).toEqual(['env', 'keychain', 'file']);
  });
});
