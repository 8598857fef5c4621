// Computes what protecting or unprotecting entries of one config would write, without
// writing anything: the new text, the originals to seal, and what the registry learns
// (a server to add, or its definition brought up to the entry as it is now). The
// service previews a plan or applies it.
import type { ClientRegistryChange } from '../../../src-shared/model/client-apps';
import { GatehouseError } from '../errors';
import type { Launcher } from '../launcher';
import type { ServerDefinition, ServerRegistry } from '../servers/registry';
import { isRegistryName } from '../servers/registry-names';
import { parseConfig, type ConfigDoc } from './config-doc';
import { stdioEntry, type ClientDefinition } from './definitions';
import { changedFields, definitionOfEntry, describeChange } from './entry-definition';
import { entryHash, type EntryRecords, type OriginalEntry } from './records';
import type { LoadedConfig } from './target';

export interface PlannedEntry {
  /** The client's own name: the entry's key in its config. */
  server: string;
  /** The name the registry, the rules and the guard's --server use. */
  registryName: string;
  /** What to seal as the original; undefined: keep the sealed original already recorded. */
  original: OriginalEntry | null | undefined;
  writtenHash: string;
  /** Registry definition to add first (the entry's env moves into the vault). */
  importAs: ServerDefinition | null;
  /** The registry's definition differs from the entry as it is now: replace it with this. */
  updateAs: ServerDefinition | null;
}

export type RegistryChange = ClientRegistryChange;

export interface Plan {
  before: string;
  after: string;
  entries: PlannedEntry[];
  registry: RegistryChange[];
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

interface ProtectDeps {
  registry: ServerRegistry;
  records: EntryRecords;
  launcher: Launcher;
  apiKey: string;
}

/** Client names that fit a registry name first, so a derived name never takes one a sibling entry has as its own. */
const ownNamesFirst = (names: string[]) => [...names].sort((a, b) => Number(!isRegistryName(a)) - Number(!isRegistryName(b)));

function entryOf(doc: ConfigDoc, name: string, path: string): Record<string, unknown> | undefined {
  const current = doc.entries()[name];
  if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
    throw new GatehouseError('CONFIG_INVALID', `${path}: server ${name} is not an object`);
  }
  return current as Record<string, unknown> | undefined;
}

/** The registry name for a client's name; `planned` holds names this plan already adds. */
function registryNameOf(name: string, registry: ServerRegistry, planned: Map<string, string>): string {
  const taken = new Set(planned.values());
  return planned.get(name) ?? registry.names.nameFor(name, (n) => taken.has(n));
}

/** What the registry must learn from an unguarded entry: nothing, a new server, or the entry's current definition. */
function registryStep(cfg: LoadedConfig, name: string, registryName: string, current: Record<string, unknown>, registry: ServerRegistry) {
  const { def, path } = cfg.target;
  const now = definitionOfEntry(def, registryName, current, path, name);
  if (!registry.has(registryName)) return { importAs: now, updateAs: null, change: { server: name, registryName, action: 'add' as const, changes: [] } };
  const stored = registry.definition(registryName);
  const fields = changedFields(now, stored);
  if (!fields.length) return { importAs: null, updateAs: null, change: null };
  const changes = fields.map((f) => describeChange(f, now, stored));
  return { importAs: null, updateAs: now, change: { server: name, registryName, action: 'update' as const, changes } };
}

export function planProtect(cfg: LoadedConfig, servers: string[], deps: ProtectDeps): Plan {
  const { def, path } = cfg.target;
  let text = cfg.text;
  const entries: PlannedEntry[] = [];
  const registry: RegistryChange[] = [];
  const planned = new Map<string, string>();
  for (const name of ownNamesFirst(servers)) {
    const doc = parseConfig(text, { format: def.format, serversKey: def.serversKey, path });
    const current = entryOf(doc, name, path);
    const registryName = registryNameOf(name, deps.registry, planned);
    // A remote entry becomes a stdio entry too: the guard bridges stdio to the remote
    // server (Claude Desktop accepts only stdio), its URL and headers kept in the vault.
    if (!current && !deps.registry.has(registryName)) {
      throw new GatehouseError('NOT_FOUND', `${def.name}'s config (${path}) has no server named ${name}, and no registered server has that name`);
    }
    const guarded = isGuardEntryFor(current);
    const step = current && !guarded ? registryStep(cfg, name, registryName, current, deps.registry) : { importAs: null, updateAs: null, change: null };
    if (step.change) registry.push(step.change);
    if (step.importAs) planned.set(name, registryName);
    const record = deps.records.get(def.id, path, name);
    let original: OriginalEntry | null | undefined;
    if (current && !guarded) original = { raw: doc.rawOf(name)!, value: current };
    else if (record) original = undefined; // keep what was sealed when it was first protected
    else original = null;
    const next = guardEntry(def, deps.launcher, registryName, deps.apiKey);
    if (!current || entryHash(current) !== entryHash(next)) text = doc.withEntry(name, next);
    entries.push({ server: name, registryName, original, writtenHash: entryHash(next), importAs: step.importAs, updateAs: step.updateAs });
  }
  return { before: cfg.text, after: text, entries, registry, secrets: [deps.apiKey] };
}
