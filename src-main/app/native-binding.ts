// better-sqlite3 is a native module: node_modules holds the build for Node's ABI
// (tests, CLI, `gatehouse serve`), which Electron cannot load. In a checkout,
// scripts/electron-native.mjs builds a second copy for Electron's ABI under
// .electron-native/; the core loads that one through better-sqlite3's
// `nativeBinding` option. Packaged apps carry electron-builder's rebuilt module
// in node_modules, so they need no override.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_NATIVE_BINDING = ['.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'];

export function resolveNativeBinding(opts: {
  appPath: string;
  isPackaged: boolean;
  exists?: (path: string) => boolean;
}): string | undefined {
  if (opts.isPackaged) return undefined;
  const file = join(opts.appPath, ...ELECTRON_NATIVE_BINDING);
  return (opts.exists ?? existsSync)(file) ? file : undefined;
}
