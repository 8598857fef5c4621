// Computes what protecting or unprotecting entries of one config would write, without
// writing anything: the new text, the originals to seal, the servers to import. The
// service previews a plan or applies it.
import { serverNameSchema } from '../../../src-preload/contract';
import { GatehouseError } from '../errors';
import type { Launcher } from '../launcher';
import type { ServerDefinition, ServerRegistry } from '../servers/registry';
import { parseConfig } from './config-doc';
import { remoteUrlOf, stdioEntry, type ClientDefinition } from './definitions';
import { entryHash, type EntryRecords, type OriginalEntry } from './records';
import type { LoadedConfig } from './target';

export interface PlannedEntry {
  server: string;
  /** What to seal as the original; undefined: keep the sealed original already recorded. */
  original: OriginalEntry | null | undefined;
  writtenHash: string;
  /** Registry definition to add first (the entry's env moves into the vault). */
  importAs: ServerDefinition | null;
}

export interface Plan {
  before: string;
  after: string;
  entries: PlannedEntry[];
  /** Values to mask in a preview: the API key. */
  secrets: string[];
}

/** An entry that launches `… guard --server NAME` (written by Gatehouse, maybe another install). */
export function isGuardEntryFor(entry: unknown, server?: string): boolean {
  if (!entry || typeof entry !== 'object') return false;
  const args = (entry as { args?: unknown }).args;
  if (!Array.isArray(args)) return false;
  const i = args.lastIndexOf('--server');
  return i > 0 && args[i - 1] === 'guard' && (server === undefined || args[i + 1] === server);
}

export function guardEntry(def: ClientDefinition, launcher: Launcher, server: string, apiKey: string): Record<string, unknown> {
  return stdioEntry(def, {
    command: launcher.command,
    args: [...launcher.args, 'guard', '--server', server],
    env: { ...launcher.env, GATEHOUSE_API_KEY: apiKey },
  });
}

function importDefinition(name: string, entry: Record<string, unknown>, path: string, url: string | null): ServerDefinition {
  if (!serverNameSchema.safeParse(name).success) {
    throw new GatehouseError('INVALID_INPUT', `${path}: the server name "${name}" has characters Gatehouse does not allow (letters, digits, _ . -)`);
  }
  if (url) {
    if (!/^https?:\/\//i.test(url)) throw new GatehouseError('CONFIG_INVALID', `${path}: server ${name} has a URL Gatehouse cannot reach (${url})`);
    const headers: Record<string, string> = {};
    if (entry.headers && typeof entry.headers === 'object') {
      for (const [k, v] of Object.entries(entry.headers as Record<string, unknown>)) headers[k] = String(v);
    }
    return { transport: 'http', name, url, headers };
  }
  if (typeof entry.command !== 'string' || !entry.command) {
    throw new GatehouseError('CONFIG_INVALID', `${path}: server ${name} has neither a command nor a URL`);
  }
  const env: Record<string, string> = {};
  if (entry.env && typeof entry.env === 'object') {
    for (const [k, v] of Object.entries(entry.env as Record<string, unknown>)) env[k] = String(v);
  }
  return {
    transport: 'stdio',
    name,
    command: entry.command,
    args: Array.isArray(entry.args) ? entry.args.map(String) : [],
    cwd: typeof entry.cwd === 'string' ? entry.cwd : null,
    env,
  };
}

export function planProtect(
  cfg: LoadedConfig,
  servers: string[],
  deps: { registry: ServerRegistry; records: EntryRecords; launcher: Launcher; apiKey: string },
): Plan {
  const { def, path } = cfg.target;
  let text = cfg.text;
  const entries: PlannedEntry[] = [];
  for (const name of servers) {
    const doc = parseConfig(text, { format: def.format, serversKey: def.serversKey, path });
    const current = doc.entries()[name] as Record<string, unknown> | undefined;
    const registered = deps.registry.has(name);
    if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
      throw new GatehouseError('CONFIG_INVALID', `${path}: server ${name} is not an object`);
    }
    // A remote entry becomes a stdio entry too: the guard bridges stdio to the remote
    // server (Claude Desktop accepts only stdio), its URL and headers kept in the vault.
    if (!current && !registered) {
      throw new GatehouseError('NOT_FOUND', `${def.name}'s config (${path}) has no server named ${name}, and no registered server has that name`);
    }
    const guarded = isGuardEntryFor(current);
    const record = deps.records.get(def.id, path, name);
    let original: OriginalEntry | null | undefined;
    if (current && !guarded) original = { raw: doc.rawOf(name)!, value: current };
    else if (record) original = undefined; // keep what was sealed when it was first protected
    else original = null;
    const importAs = current && !guarded && !registered ? importDefinition(name, current, path, remoteUrlOf(def, current)) : null;
    const next = guardEntry(def, deps.launcher, name, deps.apiKey);
    if (!current || entryHash(current) !== entryHash(next)) text = doc.withEntry(name, next);
    entries.push({ server: name, original, writtenHash: entryHash(next), importAs });
  }
  return { before: cfg.text, after: text, entries, secrets: [deps.apiKey] };
}

export interface PlannedRemoval {
  server: string;
}

/** Puts each recorded original back: its exact source text where Gatehouse's entry still is. */
export function planUnprotect(cfg: LoadedConfig, servers: string[], records: EntryRecords): { before: string; after: string; removed: PlannedRemoval[] } {
  const { def, path } = cfg.target;
  let text = cfg.text;
  const removed: PlannedRemoval[] = [];
  for (const name of servers) {
    const doc = parseConfig(text, { format: def.format, serversKey: def.serversKey, path });
    const current = doc.entries()[name];
    const record = records.get(def.id, path, name);
    if (!record) {
      if (isGuardEntryFor(current, name)) {
        throw new GatehouseError(
          'NOT_FOUND',
          `${name} in ${path} launches the guard, but this data dir has no record of its original entry; restore a backup instead (gatehouse clients restore ${def.id})`,
        );
      }
      throw new GatehouseError('NOT_FOUND', `${name} in ${path} is not protected by Gatehouse`);
    }
    const original = record.original;
    if (current !== undefined) {
      if (original) {
        const spliced = doc.withRaw(name, original.raw);
        const check = parseConfig(spliced, { format: def.format, serversKey: def.serversKey, path }).entries()[name];
        text = check !== undefined && entryHash(check) === entryHash(original.value) ? spliced : doc.withEntry(name, original.value);
      } else text = doc.withoutEntry(name);
    } else if (original) text = doc.withEntry(name, original.value);
    removed.push({ server: name });
  }
  return { before: cfg.text, after: text, removed };
}
