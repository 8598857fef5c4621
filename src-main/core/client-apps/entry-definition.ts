// A client config entry as a registry definition and back: what Protect registers
// (the entry as it is now), which fields differ from what the registry holds, and the
// entry Unprotect writes when the server was edited in Gatehouse since.
import { GatehouseError } from '../errors';
import type { ServerDefinition } from '../servers/registry';
import { remoteUrlOf, type ClientDefinition } from './definitions';
import { canonical } from './lossless';

function strings(map: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (map && typeof map === 'object' && !Array.isArray(map)) {
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) out[k] = String(v);
  }
  return out;
}

/** The registry definition of a client's entry, named `registryName`. */
export function definitionOfEntry(def: ClientDefinition, registryName: string, entry: Record<string, unknown>, path: string, clientName: string): ServerDefinition {
  const url = remoteUrlOf(def, entry);
  if (url) {
    if (!/^https?:\/\//i.test(url)) throw new GatehouseError('CONFIG_INVALID', `${path}: server ${clientName} has a URL Gatehouse cannot reach (${url})`);
    return { transport: 'http', name: registryName, url, headers: strings(entry.headers) };
  }
  if (typeof entry.command !== 'string' || !entry.command) {
    throw new GatehouseError('CONFIG_INVALID', `${path}: server ${clientName} has neither a command nor a URL`);
  }
  return {
    transport: 'stdio',
    name: registryName,
    command: entry.command,
    args: Array.isArray(entry.args) ? entry.args.map(String) : [],
    cwd: typeof entry.cwd === 'string' ? entry.cwd : null,
    env: strings(entry.env),
  };
}

const FIELDS = {
  stdio: ['command', 'args', 'cwd', 'env'],
  http: ['url', 'headers'],
} as const;

/** The fields on which two definitions differ ('transport' when one is local and the other remote). */
export function changedFields(a: ServerDefinition, b: ServerDefinition): string[] {
  if (a.transport !== b.transport) return ['transport'];
  const fields: readonly string[] = FIELDS[a.transport];
  return fields.filter((f) => canonical((a as Record<string, unknown>)[f]) !== canonical((b as Record<string, unknown>)[f]));
}

/** How a change reads in a preview: values of command, args, cwd and URL; only the names of env and header values (secrets). */
export function describeChange(field: string, now: ServerDefinition, before: ServerDefinition): string {
  const rec = (d: ServerDefinition, f: string) => (d as Record<string, unknown>)[f];
  if (field === 'env' || field === 'headers') {
    const a = (rec(before, field) ?? {}) as Record<string, string>;
    const b = (rec(now, field) ?? {}) as Record<string, string>;
    const added = Object.keys(b).filter((k) => !(k in a));
    const removed = Object.keys(a).filter((k) => !(k in b));
    const changed = Object.keys(b).filter((k) => k in a && a[k] !== b[k]);
    const parts = [added.length && `+${added.join(', +')}`, removed.length && `-${removed.join(', -')}`, changed.length && `new value for ${changed.join(', ')}`];
    return `${field} (${parts.filter(Boolean).join('; ')})`;
  }
  if (field === 'transport') return `transport (${before.transport} → ${now.transport})`;
  return `${field} (${JSON.stringify(rec(before, field))} → ${JSON.stringify(rec(now, field))})`;
}

/**
 * The entry Unprotect writes back when the registry's definition is no longer the
 * original's (edited in Gatehouse since): the original's own keys kept (VS Code's
 * `type`, a `disabled` flag…), its command, args, env and cwd (or URL and headers)
 * taken from the registry. null when the transports differ: the original is put back.
 */
export function entryFromDefinition(def: ClientDefinition, original: Record<string, unknown>, server: ServerDefinition): Record<string, unknown> | null {
  const wasRemote = remoteUrlOf(def, original) !== null;
  if (wasRemote !== (server.transport === 'http')) return null;
  const out: Record<string, unknown> = { ...original };
  if (server.transport === 'http') {
    const urlKey = def.remoteKeys.find((k) => typeof original[k] === 'string') ?? def.remoteKeys[0]!;
    out[urlKey] = server.url;
    if (Object.keys(server.headers).length) out.headers = server.headers;
    else delete out.headers;
    return out;
  }
  out.command = server.command;
  out.args = server.args;
  if (Object.keys(server.env).length) out.env = server.env;
  else delete out.env;
  if (server.cwd) out.cwd = server.cwd;
  else delete out.cwd;
  return out;
}
