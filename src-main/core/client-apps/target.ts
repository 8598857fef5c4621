// Which config file a request means, and that file read once: its bytes, their hash
// and the parsed document every edit is computed from.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { GatehouseError } from '../errors';
import { sha256 } from './atomic-write';
import { claudeDesktopConfigPath } from './claude-desktop-path';
import { parseConfig, type ConfigDoc } from './config-doc';
import { clientById, clientIds, type ClientDefinition, type PathEnv } from './definitions';

export interface Target {
  def: ClientDefinition;
  /** Absolute path, as the user knows it (a symlink stays a symlink: writes go to its target). */
  path: string;
  scope: 'user' | 'project';
}

export interface LoadedConfig {
  target: Target;
  /** The file's bytes, or null when it does not exist yet. */
  bytes: Buffer | null;
  hash: string | null;
  text: string;
  doc: ConfigDoc;
}

export function definitionOf(id: string): ClientDefinition {
  const def = clientById(id);
  if (!def) throw new GatehouseError('INVALID_INPUT', `unknown client ${id}; use one of ${clientIds.join(', ')}`);
  return def;
}

export function resolveTarget(clientId: string, configPath: string | undefined, env: PathEnv): Target {
  const def = definitionOf(clientId);
  const users = def.userPaths(env);
  if (configPath) {
    const abs = path.resolve(configPath);
    return { def, path: abs, scope: users.includes(abs) ? 'user' : 'project' };
  }
  if (def.oneOf) return { def, path: claudeDesktopConfigPath(env), scope: 'user' };
  return { def, path: users.find((f) => existsSync(f)) ?? users[0]!, scope: 'user' };
}

/** Where writes go: the symlink's target when the config is a symlink (dotfile managers). */
export function realPathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** An empty document of the format, for a config that does not exist yet. */
const EMPTY: Record<string, string> = { json: '{\n}\n', jsonc: '{\n}\n', toml: '' };

export function loadConfig(target: Target, opts: { mustExist?: boolean } = {}): LoadedConfig {
  let bytes: Buffer | null = null;
  try {
    bytes = readFileSync(target.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new GatehouseError('CONFIG_INVALID', `cannot read ${target.path}: ${(e as Error).message}`);
    if (opts.mustExist) throw new GatehouseError('NOT_FOUND', `${target.def.name} has no config at ${target.path}`);
  }
  if (bytes && bytes.includes(0)) {
    throw new GatehouseError('CONFIG_INVALID', `${target.path} is not a text file; Gatehouse will not change it`);
  }
  const text = bytes ? bytes.toString('utf8') : EMPTY[target.def.format]!;
  if (bytes && !Buffer.from(text, 'utf8').equals(bytes)) {
    throw new GatehouseError('CONFIG_INVALID', `${target.path} is not UTF-8 text; Gatehouse will not change it`);
  }
  const doc = parseConfig(text, { format: target.def.format, serversKey: target.def.serversKey, path: target.path });
  return { target, bytes, hash: bytes ? sha256(bytes) : null, text, doc };
}

/** First executable named `name` on PATH, or null (for clients configured through their own CLI). */
export function whichSync(name: string, env: PathEnv): string | null {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  const dirs = (env.env.PATH ?? env.env.Path ?? '').split(env.platform === 'win32' ? ';' : ':');
  const names = env.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of dirs) {
    if (!dir || !p.isAbsolute(dir)) continue;
    for (const n of names) if (existsSync(p.join(dir, n))) return p.join(dir, n);
  }
  return null;
}
