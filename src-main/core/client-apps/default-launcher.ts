// The guard launcher of the running install, for callers that are not told one: a
// checkout or npm install (global or local, from the registry or a packed tarball) runs
// Node + out/main/cli.js of the package this module belongs to; a packaged app (its
// code inside app.asar) runs its own binary with ELECTRON_RUN_AS_NODE. The data dir is
// passed along when it is not the default one, since the client starts the guard with
// its own env.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatehouseError } from '../errors';
import { findNodeOnPath, resolveGuardLauncher, type Launcher } from '../launcher';
import { defaultDataDir } from '../paths';

/**
 * The package root whose out/main/cli.js the guard entry will run: walked up from this
 * module (the bundle in out/main or a chunk below it; the source in src-main when tests
 * run it from a built checkout). Never the working directory: a config must not point
 * at whatever checkout the CLI happened to be run from.
 */
export function findAppRoot(from: string, exists: (file: string) => boolean = existsSync): string {
  let dir = from;
  for (;;) {
    if (exists(path.join(dir, 'package.json')) && exists(path.join(dir, 'out', 'main', 'cli.js'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) {
      throw new GatehouseError(
        'NOT_FOUND',
        `cannot find Gatehouse's out/main/cli.js above ${from}, so a client config could not start the guard; ` +
          'build it first (npm run build) or install Gatehouse (npm i -g gatehouse)',
      );
    }
    dir = up;
  }
}

export function defaultLauncher(dataDir: string): Launcher {
  const here = fileURLToPath(import.meta.url);
  const isPackaged = here.includes(`${path.sep}app.asar${path.sep}`);
  const isElectron = Boolean(process.versions.electron);
  const { GATEHOUSE_DATA_DIR: _ignored, ...envWithoutDir } = process.env;
  const isDefaultDir = path.resolve(dataDir) === path.resolve(defaultDataDir(envWithoutDir));
  return resolveGuardLauncher({
    execPath: process.execPath,
    isPackaged,
    resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
    // Inside app.asar the launcher runs the bundled cli.js and needs no root on disk.
    appRoot: isPackaged ? path.dirname(here) : findAppRoot(path.dirname(here)),
    platform: process.platform,
    // The unpackaged Electron app's own binary has the wrong ABI for node_modules: use Node.
    nodePath: isElectron && !isPackaged ? findNodeOnPath(process.env.PATH, process.platform, existsSync) : undefined,
    dataDir: isDefaultDir ? undefined : path.resolve(dataDir),
  });
}
