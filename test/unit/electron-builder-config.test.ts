// electron-builder.yml: fuses, asar + unpacked native module, the four targets, and
// that electron-builder 26's own schema accepts the file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
// js-yaml is in node_modules as electron-builder's dependency; no dependency is added for this test.
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraMetadata: { main: string };
  electronFuses: Record<string, boolean>;
  mac: { target: Array<string | { target: string }> };
  win: { target: Array<string | { target: string }> };
  linux: { target: Array<string | { target: string }> };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const targets = (list: Array<string | { target: string }>) => list.map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('names the app and packs the build output', () => {
    expect(config.appId).toBe('dev.gatehouse.app');
    expect(config.productName).toBe('Gatehouse');
    expect(config.directories.output).toBe('dist');
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.extraMetadata.main).toBe('out/main/index.js');
  });

  it('sets the fuses DESIGN.md asks for (RunAsNode stays on for the guard)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs into asar with the native module unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**']));
  });

  it('builds dmg, nsis, AppImage and deb', () => {
    expect(targets(config.mac.target)).toEqual(['dmg']);
    expect(targets(config.win.target)).toEqual(['nsis']);
    expect(targets(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('the guard launcher points at a file the packaged app contains', () => {
    // launcher.ts runs <resources>/app.asar/out/main/cli.js; `out/**` must be packed and
    // electron.vite.config.ts must emit cli.js there.
    const viteConfig = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    expect(viteConfig).toMatch(/cli:\s*resolve\('src-main\/cli\/index\.ts'\)/);
    expect(viteConfig).toMatch(/outDir:\s*'out\/main'/);
  });

  it("is valid for electron-builder's own schema", async () => {
    let validate: ((c: unknown, logger: unknown) => Promise<void>) | undefined;
    let Logger: (new (enabled: boolean) => unknown) | undefined;
    try {
      const builderRequire = createRequire(require.resolve('electron-builder'));
      validate = builderRequire('app-builder-lib/out/util/config/config').validateConfiguration;
      Logger = builderRequire('builder-util/out/DebugLogger').DebugLogger;
    } catch {
      // electron-builder's internals moved: the structural checks above still hold.
    }
    if (!validate || !Logger) return;
    await expect(validate(structuredClone(config), new Logger(false))).resolves.toBeUndefined();
    const broken = { ...structuredClone(config), electronFuses: { ...config.electronFuses, runAsNodee: true } };
    await expect(validate(broken, new Logger(false))).rejects.toThrow(/electronFuses/);
  });
});
