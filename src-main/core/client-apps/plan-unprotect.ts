// What Unprotect writes: each entry's recorded original, as its exact source text,
// unless the server was edited in Gatehouse since it was protected (servers edit, the
// Edit dialog): then the original's own keys with the registry's current command, args,
// env and cwd (or URL and headers), so that unprotecting does not undo the edit.
import { GatehouseError } from '../errors';
import type { ServerRegistry } from '../servers/registry';
import { parseConfig, type ConfigDoc } from './config-doc';
import type { ClientDefinition } from './definitions';
import { changedFields, definitionOfEntry, entryFromDefinition } from './entry-definition';
import { isGuardEntryFor } from './plan';
import { entryHash, type EntryRecords, type OriginalEntry } from './records';
import type { LoadedConfig } from './target';

export interface PlannedRemoval {
  server: string;
  /** The entry written is the registry's current definition, not the original's. */
  edited: boolean;
}

/** The registry's definition when it is no longer the original's; null when unchanged or unknown. */
function editedDefinition(def: ClientDefinition, name: string, original: OriginalEntry, registry: ServerRegistry, path: string) {
  const registryName = registry.names.registered(name);
  if (!registryName) return null;
  let before;
  try {
    before = definitionOfEntry(def, registryName, original.value, path, name);
  } catch {
    return null; // an original Gatehouse could not read as a server: put it back as it was
  }
  const now = registry.definition(registryName);
  return changedFields(now, before).length ? now : null;
}

/** The text with the original back: exact source when its value is what it was, else written from the value. */
function withOriginal(doc: ConfigDoc, def: ClientDefinition, name: string, original: OriginalEntry, path: string): string {
  const spliced = doc.withRaw(name, original.raw);
  const check = parseConfig(spliced, { format: def.format, serversKey: def.serversKey, path }).entries()[name];
  return check !== undefined && entryHash(check) === entryHash(original.value) ? spliced : doc.withEntry(name, original.value);
}

function notProtected(def: ClientDefinition, name: string, path: string, current: unknown): GatehouseError {
  if (isGuardEntryFor(current)) {
    return new GatehouseError(
      'NOT_FOUND',
      `${name} in ${path} launches the guard, but this data dir has no record of its original entry; restore a backup instead (gatehouse clients restore ${def.id})`,
    );
  }
  return new GatehouseError('NOT_FOUND', `${name} in ${path} is not protected by Gatehouse`);
}

export function planUnprotect(
  cfg: LoadedConfig,
  servers: string[],
  deps: { records: EntryRecords; registry: ServerRegistry },
): { before: string; after: string; removed: PlannedRemoval[] } {
  const { def, path } = cfg.target;
  let text = cfg.text;
  const removed: PlannedRemoval[] = [];
  for (const name of servers) {
    const doc = parseConfig(text, { format: def.format, serversKey: def.serversKey, path });
    const current = doc.entries()[name];
    const record = deps.records.get(def.id, path, name);
    if (!record) throw notProtected(def, name, path, current);
    const original = record.original;
    const edited = original ? editedDefinition(def, name, original, deps.registry, path) : null;
    const rewritten = edited && original ? entryFromDefinition(def, original.value, edited) : null;
    if (rewritten) text = doc.withEntry(name, rewritten);
    else if (original && current !== undefined) text = withOriginal(doc, def, name, original, path);
    else if (original) text = doc.withEntry(name, original.value);
    else if (current !== undefined) text = doc.withoutEntry(name);
    removed.push({ server: name, edited: Boolean(rewritten) });
  }
  return { before: cfg.text, after: text, removed };
}
