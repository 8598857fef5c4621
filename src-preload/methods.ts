// The admin method names and their IPC channels, with no dependency at all.
// The sandboxed preload imports this file instead of contract.ts so that zod is
// not bundled into it; contract.ts re-exports `methods` and `channelOf` and fails
// to type-check when this list and the contract's keys differ.
export const methodNames = [
  'system.status',
  'system.masterKey.moveToKeychain',
  'keys.list',
  'keys.byIds',
  'principals.search',
  'keys.get',
  'keys.create',
  'keys.rotate',
  'keys.revoke',
  'keys.reveal',
  'keys.update',
  'keys.endGrace',
  'servers.list',
  'servers.get',
  'servers.add',
  'servers.update',
  'servers.remove',
  'servers.expose',
  'servers.exposures',
  'servers.sessions',
  'servers.sessions.end',
  'servers.discover',
  'servers.importClaude',
  'servers.oauth.connect',
  'servers.oauth.status',
  'servers.oauth.disconnect',
  'servers.tools',
  'settings.get',
  'settings.update',
  'rate.buckets',
  'audit.query',
  'audit.count',
  'audit.export',
  'audit.perMinute',
  'clients.list',
  'clients.preview',
  'clients.protect',
  'clients.previewUnprotect',
  'clients.unprotect',
  'clients.backups',
  'clients.restore',
  'clients.pruneBackups',
  'clients.reapply',
  'clients.repatchKey',
  'clients.keyHolders',
  'clients.firstRun',
  'oauth.clients.list',
  'oauth.clients.get',
  'oauth.clients.create',
  'oauth.clients.update',
  'oauth.clients.rotateSecret',
  'oauth.clients.revoke',
  'oauth.clients.delete',
  'oauth.grants.list',
  'oauth.grants.revoke',
  'oauth.grants.revokeAll',
  'oauth.consents.pending',
  'oauth.consents.approve',
  'oauth.consents.deny',
  'oauth.settings.get',
  'oauth.settings.update',
  'oauth.keys.rotate',
  'oauth.registrationToken.rotate',
  'oauth.resourceServers.list',
  'oauth.resourceServers.add',
  'oauth.resourceServers.remove',
  'oauth.resourceServers.rotateSecret',
] as const;

export type MethodName = (typeof methodNames)[number];

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
