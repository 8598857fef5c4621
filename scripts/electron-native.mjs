#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/better-sqlite3, for
// `npm start` / `npm run dev`. node_modules keeps the build for Node's ABI, which the
// tests, the CLI and `gatehouse serve` load; the desktop app in a checkout loads the
// copy made here (src-main/app/native-binding.ts). Packaged apps do not need this:
// electron-builder rebuilds node_modules for Electron itself.
//
// How: copy node_modules/better-sqlite3 (without its build/) to .electron-native/,
// then in that copy try the prebuilt binary for this Electron version
// (prebuild-install, what better-sqlite3's own install script uses; no compiler
// needed), and fall back to compiling against Electron's headers with node-gyp.
// A stamp file records what was built, so later runs skip in milliseconds.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const OUT_DIR = '.electron-native';
export const MODULE = 'better-sqlite3';
export const BINARY = join('build', 'Release', 'better_sqlite3.node');
export const STAMP = '.gatehouse-electron-native.json';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** What a build is for; a stamp with other values means "rebuild". */
export function wantedStamp({ electronVersion, moduleVersion, platform, arch }) {
  return { electron: electronVersion, [MODULE]: moduleVersion, platform, arch };
}

/** True when the stamp text records exactly `wanted` (a missing or broken stamp never matches). */
export function stampMatches(stampText, wanted) {
  if (typeof stampText !== 'string') return false;
  let stamp;
  try {
    stamp = JSON.parse(stampText);
  } catch {
    return false;
  }
  if (!stamp || typeof stamp !== 'object') return false;
  const keys = Object.keys(wanted);
  return keys.length === Object.keys(stamp).length && keys.every((k) => stamp[k] === wanted[k]);
}

/** Decides whether to build: skip only when the binary exists and its stamp matches. */
export function planNativeBuild({ root, electronVersion, moduleVersion, platform, arch, exists, read }) {
  const dest = join(root, OUT_DIR, MODULE);
  const binary = join(dest, BINARY);
  const stampFile = join(dest, STAMP);
  const wanted = wantedStamp({ electronVersion, moduleVersion, platform, arch });
  let stampText;
  try {
    stampText = exists(stampFile) ? read(stampFile) : undefined;
  } catch {
    stampText = undefined;
  }
  const skip = exists(binary) && stampMatches(stampText, wanted);
  return { skip, dest, binary, stampFile, wanted };
}

/** The node-gyp arguments for Electron's ABI (Electron docs, "Native Node Modules", manual build). */
export function nodeGypArgs({ electronVersion, arch, devDir }) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    // Electron's headers in their own folder, never mixed with Node's in ~/.cache/node-gyp.
    `--devdir=${devDir}`,
  ];
}

/** prebuild-install's arguments: better-sqlite3 publishes Electron builds on its GitHub releases. */
export function prebuildArgs({ electronVersion, arch, platform }) {
  return ['--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, `--platform=${platform}`, '--verbose'];
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The environment for prebuild-install and node-gyp: without npm settings that would
 * override the flags given here (a configured nodedir would make node-gyp compile
 * against Node's headers instead of Electron's).
 */
export function buildEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|platform|build_from_source|devdir)$/i.test(k)) continue;
    out[k] = v;
  }
  return out;
}

function run(bin, args, cwd) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, stdio: 'inherit', env: buildEnv(process.env) });
  return result.status === 0;
}

function resolveBin(requireFrom, spec) {
  try {
    return requireFrom.resolve(spec);
  } catch {
    return undefined;
  }
}

export function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const electronPkg = join(root, 'node_modules', 'electron', 'package.json');
  const modulePkg = join(root, 'node_modules', MODULE, 'package.json');
  if (!existsSync(electronPkg) || !existsSync(modulePkg)) {
    console.error('electron-native: node_modules/electron or node_modules/better-sqlite3 is missing; run `npm ci` first.');
    process.exit(1);
  }
  const electronVersion = readJson(electronPkg).version;
  const moduleVersion = readJson(modulePkg).version;
  const { platform, arch } = process;
  const plan = planNativeBuild({
    root,
    electronVersion,
    moduleVersion,
    platform,
    arch,
    exists: existsSync,
    read: (f) => readFileSync(f, 'utf8'),
  });
  const where = relative(root, plan.binary).split(sep).join('/');
  if (plan.skip) {
    console.log(`electron-native: ${MODULE} ${moduleVersion} for Electron ${electronVersion} (${platform}-${arch}) is up to date in ${where}.`);
    return;
  }
  console.log(`electron-native: building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (${platform}-${arch}) into ${where} (once; node_modules stays as is).`);

  const source = dirname(modulePkg);
  rmSync(plan.dest, { recursive: true, force: true });
  mkdirSync(dirname(plan.dest), { recursive: true });
  // Everything but the Node build: sources, deps/ (the SQLite amalgamation), binding.gyp.
  cpSync(source, plan.dest, {
    recursive: true,
    filter: (src) => {
      const rel = relative(source, src);
      return rel !== 'build' && !rel.startsWith(`build${sep}`) && rel !== 'node_modules' && !rel.startsWith(`node_modules${sep}`);
    },
  });

  const fromModule = createRequire(modulePkg);
  const fromRoot = createRequire(join(root, 'package.json'));
  const prebuild = resolveBin(fromModule, 'prebuild-install/bin.js') ?? resolveBin(fromRoot, 'prebuild-install/bin.js');
  let ok = false;
  if (prebuild) {
    ok = run(prebuild, prebuildArgs({ electronVersion, arch, platform }), plan.dest) && existsSync(plan.binary);
    if (!ok) console.log('electron-native: no prebuilt binary; compiling with node-gyp against Electron headers (needs Python and a C++20 compiler).');
  }
  if (!ok) {
    // node-gyp from node_modules, else the copy npm ships (npm sets npm_config_node_gyp for scripts).
    const nodeGyp = resolveBin(fromRoot, 'node-gyp/bin/node-gyp.js') ?? process.env.npm_config_node_gyp;
    if (!nodeGyp) {
      console.error('electron-native: node-gyp not found; run this through `npm start` or `npm run dev`.');
      process.exit(1);
    }
    const devDir = join(root, OUT_DIR, 'node-gyp');
    ok = run(nodeGyp, nodeGypArgs({ electronVersion, arch, devDir }), plan.dest) && existsSync(plan.binary);
  }
  if (!ok) {
    console.error(`electron-native: could not build ${MODULE} for Electron ${electronVersion}; see the output above.`);
    process.exit(1);
  }
  writeFileSync(plan.stampFile, `${JSON.stringify(plan.wanted, null, 2)}\n`);
  console.log(`electron-native: done: ${where}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
