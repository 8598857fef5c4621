// launcher.ts: the command an MCP client config runs to start `gatehouse guard`.
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../src-main/core/client-apps/default-launcher';
import { defaultResourcesPath, findNodeOnPath, resolveGuardLauncher } from '../../src-main/core/launcher';

describe('resolveGuardLauncher', () => {
  it('macOS packaged: the app binary as Node, running cli.js inside app.asar', () => {
    const execPath = '/Applications/Gatehouse.app/Contents/MacOS/Gatehouse';
    const expected = {
      command: execPath,
      args: ['/Applications/Gatehouse.app/Contents/Resources/app.asar/out/main/cli.js'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    };
    expect(
      resolveGuardLauncher({
        execPath,
        isPackaged: true,
        resourcesPath: '/Applications/Gatehouse.app/Contents/Resources',
        appRoot: '/Applications/Gatehouse.app/Contents/Resources/app.asar',
        platform: 'darwin',
      }),
    ).toEqual(expected);
    // Without resourcesPath it is derived from the bundle layout.
    expect(resolveGuardLauncher({ execPath, isPackaged: true, appRoot: '/x', platform: 'darwin' })).toEqual(expected);
  });

  it('Windows packaged: backslash paths under resources\\app.asar', () => {
    const execPath = 'C:\\Users\\Ann\\AppData\\Local\\Programs\\Gatehouse\\Gatehouse.exe';
    const out = resolveGuardLauncher({ execPath, isPackaged: true, appRoot: 'C:\\x', platform: 'win32' });
    expect(out).toEqual({
      command: execPath,
      args: ['C:\\Users\\Ann\\AppData\\Local\\Programs\\Gatehouse\\resources\\app.asar\\out\\main\\cli.js'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(defaultResourcesPath(execPath, 'win32')).toBe('C:\\Users\\Ann\\AppData\\Local\\Programs\\Gatehouse\\resources');
  });

  it('Linux packaged (deb and AppImage mount)', () => {
    expect(
      resolveGuardLauncher({
        execPath: '/opt/Gatehouse/gatehouse',
        isPackaged: true,
        resourcesPath: '/opt/Gatehouse/resources',
        appRoot: '/opt/Gatehouse/resources/app.asar',
        platform: 'linux',
      }),
    ).toEqual({
      command: '/opt/Gatehouse/gatehouse',
      args: ['/opt/Gatehouse/resources/app.asar/out/main/cli.js'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(defaultResourcesPath('/tmp/.mount_GatehXYZ/gatehouse', 'linux')).toBe('/tmp/.mount_GatehXYZ/resources');
  });

  it('checkout or npm install: absolute node running out/main/cli.js, no RUN_AS_NODE', () => {
    expect(
      resolveGuardLauncher({ execPath: '/usr/bin/node', isPackaged: false, appRoot: '/home/ann/gatehouse', platform: 'linux' }),
    ).toEqual({ command: '/usr/bin/node', args: ['/home/ann/gatehouse/out/main/cli.js'], env: {} });
    expect(
      resolveGuardLauncher({
        execPath: 'C:\\Program Files\\nodejs\\node.exe',
        isPackaged: false,
        appRoot: 'C:\\Users\\Ann\\AppData\\Roaming\\npm\\node_modules\\gatehouse',
        platform: 'win32',
      }),
    ).toEqual({
      command: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['C:\\Users\\Ann\\AppData\\Roaming\\npm\\node_modules\\gatehouse\\out\\main\\cli.js'],
      env: {},
    });
    expect(
      resolveGuardLauncher({
        execPath: '/opt/homebrew/bin/node',
        isPackaged: false,
        appRoot: '/Users/ann/src/gatehouse',
        platform: 'darwin',
      }).args,
    ).toEqual(['/Users/ann/src/gatehouse/out/main/cli.js']);
  });

  it('the unpackaged Electron app passes Node explicitly, and a non-default data dir travels in env', () => {
    const out = resolveGuardLauncher({
      execPath: '/repo/node_modules/electron/dist/electron',
      nodePath: '/usr/local/bin/node',
      isPackaged: false,
      appRoot: '/repo',
      platform: 'linux',
      dataDir: '/data/gh',
    });
    expect(out).toEqual({ command: '/usr/local/bin/node', args: ['/repo/out/main/cli.js'], env: { GATEHOUSE_DATA_DIR: '/data/gh' } });
  });

  it('findNodeOnPath takes the first absolute PATH entry holding node', () => {
    const has = new Set(['/usr/local/bin/node', '/usr/bin/node', 'C:\\node\\node.exe']);
    expect(findNodeOnPath('bin:/nope:/usr/local/bin:/usr/bin', 'linux', (f) => has.has(f))).toBe('/usr/local/bin/node');
    expect(findNodeOnPath('C:\\Windows;C:\\node', 'win32', (f) => has.has(f))).toBe('C:\\node\\node.exe');
    expect(findNodeOnPath(undefined, 'linux', () => true)).toBeUndefined();
    expect(findNodeOnPath('.:bin', 'linux', () => true)).toBeUndefined();
  });

  it('findAppRoot: the package whose out/main/cli.js the guard runs, never the working directory', () => {
    const files = (list: string[]) => (f: string) => list.includes(f);
    const global = files(['/usr/lib/node_modules/gatehouse/package.json', '/usr/lib/node_modules/gatehouse/out/main/cli.js']);
    expect(findAppRoot('/usr/lib/node_modules/gatehouse/out/main/chunks', global)).toBe('/usr/lib/node_modules/gatehouse');
    expect(findAppRoot('/usr/lib/node_modules/gatehouse/out/main', global)).toBe('/usr/lib/node_modules/gatehouse');
    // A checkout that was never built has nothing to run: say so instead of writing a dead entry.
    const unbuilt = files(['/src/gatehouse/package.json', '/src/gatehouse/src-main']);
    expect(() => findAppRoot('/src/gatehouse/src-main/core/client-apps', unbuilt)).toThrow(/cannot find Gatehouse's out\/main\/cli\.js .*npm run build/);
    // Nothing above: an error, not the folder the command was run from.
    expect(() => findAppRoot('/opt/elsewhere', files([]))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
