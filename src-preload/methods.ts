// The admin methods, their IPC channels, and what data each one reads or changes, with
// no dependency at all. The sandboxed preload imports this file instead of contract.ts
// so that zod is not bundled into it; contract.ts re-exports `methods` and `channelOf`
// and fails to type-check when this table and the contract's keys differ.
//
// The data a method touches is named by domain: the method's own (its first name part,
// or its first two for `oauth.*`: `keys`, `servers`, `oauth.clients`) plus any listed.
// The renderer derives its caches from this: a read is cached under its name, and a
// write refreshes every read whose data it changes (src-renderer/lib/api-cache.ts).

/** What a method does to the data: reads it (cached), changes it, or reveals a secret (audited, never cached). */
export type MethodKind = 'read' | 'write' | 'reveal';

export interface MethodData {
  readonly kind: MethodKind;
  /** Domains besides the method's own: what a read also shows, or what a write also changes. */
  readonly also: readonly string[];
}

/** Reads its own domain and `also`. */
const read = (...also: string[]) => ({ kind: 'read' as const, also });
/** Changes its own domain and `also`; every write leaves an audit row, so it changes `audit` too. */
const write = (...also: string[]) => ({ kind: 'write' as const, also });
/** Shows a secret: changes nothing but the audit log. */
const reveal = () => ({ kind: 'reveal' as const, also: [] });

export const methodTable = {
  'system.status': read(),
  'system.masterKey.moveToKeychain': write(),
  'keys.list': read(),
  'keys.byIds': read(),
  'principals.search': read('keys', 'oauth.clients'),
  'keys.get': read(),
  'keys.create': write(),
  'keys.rotate': write(),
  'keys.revoke': write(),
  'keys.reveal': reveal(),
  'keys.update': write(),
  'keys.endGrace': write(),
  'servers.list': read(),
  'servers.get': read(),
  'servers.add': write(),
  'servers.update': write(),
  'servers.remove': write(),
  'servers.expose': write(),
  'servers.exposures': read(),
  'servers.sessions': read(),
  'servers.sessions.end': write(),
  'servers.discover': write(),
  'servers.importClaude': write(),
  'servers.oauth.connect': write(),
  'servers.oauth.status': read(),
  'servers.oauth.disconnect': write(),
  'servers.tools': read(),
  'settings.get': read(),
  'settings.update': write(),
  // A bucket's capacity is the key's, the app's or the default limit.
  'rate.buckets': read('settings', 'keys', 'oauth.clients'),
  'audit.query': read(),
  'audit.count': read(),
  'audit.export': read(),
  'audit.perMinute': read(),
  'clients.list': read(),
  'clients.preview': reveal(),
  // A write to a client config can add servers to the registry (an import) or take them out.
  'clients.protect': write('servers'),
  'clients.previewUnprotect': reveal(),
  'clients.unprotect': write('servers'),
  'clients.backups': read(),
  'clients.restore': write('servers'),
  'clients.pruneBackups': write(),
  'clients.reapply': write('servers'),
  'clients.repatchKey': write('servers', 'keys'),
  // Which configs still hold an older secret: changes as the key rotates or its grace ends.
  'clients.keyHolders': read('keys'),
  'clients.firstRun': read(),
  // A client's list row counts its grants; a grant names its client.
  'oauth.clients.list': read('oauth.grants'),
  'oauth.clients.get': read('oauth.grants'),
  'oauth.clients.create': write(),
  'oauth.clients.update': write(),
  'oauth.clients.rotateSecret': write(),
  'oauth.clients.revoke': write(),
  'oauth.clients.delete': write(),
  'oauth.grants.list': read('oauth.clients'),
  'oauth.grants.revoke': write(),
  'oauth.grants.revokeAll': write(),
  'oauth.consents.pending': read(),
  // An answered request becomes a grant.
  'oauth.consents.approve': write('oauth.grants'),
  'oauth.consents.deny': write(),
  'oauth.settings.get': read(),
  'oauth.settings.update': write(),
  // Both show in the settings view (the key ids, whether a token is set).
  'oauth.keys.rotate': write('oauth.settings'),
  'oauth.registrationToken.rotate': write('oauth.settings'),
  'oauth.resourceServers.list': read(),
  'oauth.resourceServers.add': write(),
  'oauth.resourceServers.remove': write(),
  'oauth.resourceServers.rotateSecret': write(),
} as const satisfies Record<string, MethodData>;

export type MethodName = keyof typeof methodTable;
export const methodNames = Object.keys(methodTable) as MethodName[];

/** The domain a method belongs to: `keys.list` → keys, `oauth.clients.get` → oauth.clients. */
export function domainOf(method: string): string {
  const parts = method.split('.');
  return parts.slice(0, parts[0] === 'oauth' ? 2 : 1).join('.');
}

/** Every domain a read shows, or a write changes (`audit` included: every write and reveal is audited). */
export function domainsOf(method: MethodName): string[] {
  const { kind, also } = methodTable[method];
  if (kind === 'reveal') return ['audit'];
  return [...new Set([domainOf(method), ...also, ...(kind === 'write' ? ['audit'] : [])])];
}

/** IPC channel of a method: derived, never written by hand. */
export function channelOf(method: MethodName): string {
  return `gatehouse:${method}`;
}

/** HTTP path of a method under `gatehouse serve`. Here, not in contract.ts, so the
 * renderer can call the API without loading zod on its first paint. */
export const HTTP_API_PREFIX = '/admin/api/';
export function httpPathOf(method: MethodName): string {
  return `${HTTP_API_PREFIX}${method}`;
}
