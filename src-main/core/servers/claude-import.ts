import { readFileSync } from 'node:fs';
import type { ImportResult } from '../../../src-shared/model/servers';
import { GatehouseError } from '../errors';
import type { ServerRegistry } from './registry';

interface ClaudeEntry {
  command?: unknown;
  args?: unknown;
  env?: unknown;
  cwd?: unknown;
  url?: unknown;
}

/** Reads a JSON config strictly: a file that does not parse is an error, never "empty". */
export function readJsonConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GatehouseError(code === 'ENOENT' ? 'NOT_FOUND' : 'CONFIG_INVALID', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('the top level is not an object');
    return value as Record<string, unknown>;
  } catch (e) {
    throw new GatehouseError('CONFIG_INVALID', `${path} is not valid JSON (${(e as Error).message}); fix the file first — Gatehouse will not read or change it as it is`);
  }
}

/** An entry Gatehouse wrote: it launches `gatehouse guard --server NAME`. */
export function isGuardEntry(entry: ClaudeEntry): boolean {
  return Array.isArray(entry.args) && entry.args.includes('guard') && entry.args.includes('--server');
}

/** Adds the stdio servers of a Claude Desktop config to the registry; env values go to the vault. */
export function importClaudeServers(registry: ServerRegistry, path: string): ImportResult {
  const config = readJsonConfig(path);
  const servers = (config.mcpServers ?? {}) as Record<string, ClaudeEntry>;
  const result: ImportResult = { added: [], renamed: [], skipped: [] };
  if (typeof servers !== 'object' || Array.isArray(servers)) {
    throw new GatehouseError('CONFIG_INVALID', `${path}: mcpServers is not an object`);
  }
  for (const [name, entry] of Object.entries(servers)) {
    const skip = (reason: string) => result.skipped.push({ name, reason });
    if (!entry || typeof entry !== 'object') skip('not an object');
    else if (isGuardEntry(entry)) skip('already protected by Gatehouse');
    else if (typeof entry.command !== 'string' || !entry.command) {
      skip(entry.url ? 'remote (url) entries are not used by Claude Desktop' : 'no command');
    } else if (registry.names.registered(name)) skip(`already registered as ${registry.names.registered(name)}`);
    else {
      const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
      const env: Record<string, string> = {};
      if (entry.env && typeof entry.env === 'object') {
        for (const [k, v] of Object.entries(entry.env as Record<string, unknown>)) env[k] = String(v);
      }
      // A name a rule cannot hold (spaces, emoji…) is registered under a derived name; Claude's name keeps finding it.
      const registryName = registry.names.nameFor(name);
      registry.add({ transport: 'stdio', name: registryName, command: entry.command, args, cwd: typeof entry.cwd === 'string' ? entry.cwd : null, env });
      registry.names.link(name, registryName);
      result.added.push(registryName);
      if (registryName !== name) result.renamed.push({ name, registryName });
    }
  }
  return result;
}
