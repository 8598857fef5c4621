// The command an MCP client config must run to start `gatehouse guard`. Pure Node,
// so the CLI, the app and tests can all compute it; the clients feature appends
// `guard --server NAME` to `args`.
//
// - Packaged app: the app's own executable with ELECTRON_RUN_AS_NODE=1 and the
//   bundled CLI script inside app.asar (the VS Code pattern, DESIGN.md "Packaging"):
//   no second runtime is shipped and the guard stays a Node-sized process. Electron's
//   Node mode reads app.asar, and better-sqlite3's .node is unpacked next to it.
// - Checkout or npm install: Node itself (absolute path) running out/main/cli.js.
//   When the caller is the unpackaged Electron app, its execPath is Electron, whose
//   ABI does not match node_modules' better-sqlite3, so it passes `nodePath`.
import path from 'node:path';

export interface LauncherInput {
  /** process.execPath of the caller: the packaged app's executable, or node. */
  execPath: string;
  isPackaged: boolean;
  /** process.resourcesPath of a packaged app; derived from execPath when absent. */
  resourcesPath?: string;
  /** Root of the checkout or installed package (the folder holding out/). */
  appRoot: string;
  platform: NodeJS.Platform;
  /** Absolute path of a Node binary, for an unpackaged caller that is not Node (Electron dev). */
  nodePath?: string;
  /** Data dir, when it is not the default one: passed to the guard as GATEHOUSE_DATA_DIR. */
  dataDir?: string;
}

export interface Launcher {
  command: string;
  args: string[];
  env: Record<string, string>;
}

function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Where electron-builder puts app.asar: Contents/Resources on macOS, resources/ next to the binary elsewhere. */
export function defaultResourcesPath(execPath: string, platform: NodeJS.Platform): string {
  const p = pathFor(platform);
  const dir = p.dirname(execPath);
  // …/Gatehouse.app/Contents/MacOS/Gatehouse → …/Gatehouse.app/Contents/Resources
  return platform === 'darwin' ? p.join(p.dirname(dir), 'Resources') : p.join(dir, 'resources');
}

export function resolveGuardLauncher(input: LauncherInput): Launcher {
  const p = pathFor(input.platform);
  const env: Record<string, string> = {};
  if (input.dataDir) env.GATEHOUSE_DATA_DIR = input.dataDir;
  if (input.isPackaged) {
    const resources = input.resourcesPath ?? defaultResourcesPath(input.execPath, input.platform);
    return {
      command: p.resolve(input.execPath),
      args: [p.join(resources, 'app.asar', 'out', 'main', 'cli.js')],
      env: { ELECTRON_RUN_AS_NODE: '1', ...env },
    };
  }
  const node = input.nodePath ?? input.execPath;
  return {
    command: p.resolve(node),
    args: [p.join(p.resolve(input.appRoot), 'out', 'main', 'cli.js')],
    env,
  };
}

/** First `node` on PATH (for the unpackaged Electron app), or undefined. */
export function findNodeOnPath(
  envPath: string | undefined,
  platform: NodeJS.Platform,
  exists: (file: string) => boolean,
): string | undefined {
  if (!envPath) return undefined;
  const p = pathFor(platform);
  const names = platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of envPath.split(platform === 'win32' ? ';' : ':')) {
    if (!dir || !p.isAbsolute(dir)) continue; // relative PATH entries depend on the cwd: never trust them
    for (const name of names) {
      const file = p.join(dir, name);
      if (exists(file)) return file;
    }
  }
  return undefined;
}
