// The guard launcher of the running install, for callers that are not told one: a
// checkout or npm install runs Node + out/main/cli.js; a packaged app (its code inside
// app.asar) runs its own binary with ELECTRON_RUN_AS_NODE. The data dir is passed
// along when it is not the default one, since the client starts the guard with its own env.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNodeOnPath, resolveGuardLauncher, type Launcher } from '../launcher';
import { defaultDataDir } from '../paths';

/** The folder holding package.json and out/: walked up from this module (source or bundle). */
export function findAppRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && (existsSync(path.join(dir, 'out')) || existsSync(path.join(dir, 'src-main')))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
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
    appRoot: findAppRoot(path.dirname(here)),
    platform: process.platform,
    // The unpackaged Electron app's own binary has the wrong ABI for node_modules: use Node.
    nodePath: isElectron && !isPackaged ? findNodeOnPath(process.env.PATH, process.platform, existsSync) : undefined,
    dataDir: isDefaultDir ? undefined : path.resolve(dataDir),
  });
}
