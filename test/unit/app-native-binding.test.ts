// native-binding.ts and scripts/electron-native.mjs (its pure parts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveNativeBinding } from '../../src-main/app/native-binding';
import {
  BINARY,
  buildEnv,
  nodeGypArgs,
  planNativeBuild,
  prebuildArgs,
  stampMatches,
  wantedStamp,
} from '../../scripts/electron-native.mjs';

const binding = join('/repo', '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

describe('resolveNativeBinding', () => {
  it('uses the Electron build in a checkout when it exists', () => {
    expect(resolveNativeBinding({ appPath: '/repo', isPackaged: false, exists: (f) => f === binding })).toBe(binding);
    expect(resolveNativeBinding({ appPath: '/repo', isPackaged: false, exists: () => false })).toBeUndefined();
  });
  it('leaves packaged apps to electron-builder’s rebuilt module', () => {
    expect(resolveNativeBinding({ appPath: '/repo', isPackaged: true, exists: () => true })).toBeUndefined();
  });
});

describe('electron-native script', () => {
  const base = { root: '/repo', electronVersion: '45.4.1', moduleVersion: '12.11.1', platform: 'linux', arch: 'x64' };
  const wanted = wantedStamp(base);
  const stampText = JSON.stringify(wanted);

  it('skips only when the binary exists and the stamp matches', () => {
    const files = new Map<string, string>();
    const plan0 = planNativeBuild({ ...base, exists: (f) => files.has(f), read: (f) => files.get(f)! });
    expect(plan0.skip).toBe(false);
    expect(plan0.binary).toBe(join('/repo', '.electron-native', 'better-sqlite3', BINARY));
    expect(plan0.binary).toBe(binding); // the script writes where the app looks
    files.set(plan0.stampFile, stampText);
    expect(planNativeBuild({ ...base, exists: (f) => files.has(f), read: (f) => files.get(f)! }).skip).toBe(false);
    files.set(plan0.binary, '');
    expect(planNativeBuild({ ...base, exists: (f) => files.has(f), read: (f) => files.get(f)! }).skip).toBe(true);
    // A new Electron, module version or arch means a rebuild.
    for (const change of [{ electronVersion: '46.0.0' }, { moduleVersion: '12.12.0' }, { arch: 'arm64' }]) {
      expect(planNativeBuild({ ...base, ...change, exists: (f) => files.has(f), read: (f) => files.get(f)! }).skip).toBe(false);
    }
  });

  it('never trusts a broken or partial stamp', () => {
    expect(stampMatches(stampText, wanted)).toBe(true);
    expect(stampMatches(undefined, wanted)).toBe(false);
    expect(stampMatches('{', wanted)).toBe(false);
    expect(stampMatches('null', wanted)).toBe(false);
    expect(stampMatches(JSON.stringify({ electron: '45.4.1' }), wanted)).toBe(false);
    expect(stampMatches(JSON.stringify({ ...wanted, extra: 'x' }), wanted)).toBe(false);
  });

  it('builds against Electron’s headers and ABI, not Node’s', () => {
    expect(nodeGypArgs({ electronVersion: '45.4.1', arch: 'x64', devDir: '/d' })).toEqual([
      'rebuild',
      '--release',
      '--target=45.4.1',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--devdir=/d',
    ]);
    expect(prebuildArgs({ electronVersion: '45.4.1', arch: 'arm64', platform: 'darwin' })).toEqual(
      expect.arrayContaining(['--runtime=electron', '--target=45.4.1', '--arch=arm64', '--platform=darwin']),
    );
    const env = buildEnv({ PATH: '/bin', npm_config_nodedir: '/node', npm_config_target: '20.0.0', npm_config_runtime: 'node', HOME: '/h' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/h' });
  });
});
