// The renderer's cache, derived from the method table: after a write, the screens that
// show what it changed refresh. Checked on a real QueryClient.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { contract } from '../../src-preload/contract';
import { methodNames } from '../../src-preload/methods';
import { apiPages, apiQuery, invalidateAfter, readMethods, readsChangedBy, writeMethods, type ReadMethod, type WriteMethod } from './api-cache';

/** A method's name without its last part: keys.revoke → keys, servers.oauth.connect → servers.oauth. */
const prefixOf = (m: string) => m.slice(0, m.lastIndexOf('.'));

describe('the cache derived from the method table', () => {
  it('classes every contract method as a read or a write, once', () => {
    expect([...readMethods, ...writeMethods].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(methodNames).size).toBe(methodNames.length);
  });

  it.each(writeMethods.filter((w) => !['keys.reveal', 'clients.preview', 'clients.previewUnprotect'].includes(w)))(
    '%s refreshes the reads of its own domain and the audit log',
    (write) => {
      const own = readMethods.filter((r) => prefixOf(r) === prefixOf(write) || r === prefixOf(write));
      expect(readsChangedBy(write)).toEqual(expect.arrayContaining([...own, 'audit.query', 'audit.perMinute']));
    },
  );

  it.each(['keys.reveal', 'clients.preview', 'clients.previewUnprotect'] as const)('%s (a reveal) refreshes the audit log only', (m) => {
    expect(readsChangedBy(m).sort()).toEqual(readMethods.filter((r) => r.startsWith('audit.')).sort());
  });

  const samples: [WriteMethod, ReadMethod[], ReadMethod[]][] = [
    ['keys.revoke', ['keys.list', 'keys.get', 'keys.byIds', 'principals.search', 'rate.buckets', 'clients.keyHolders', 'audit.query'], ['servers.list', 'clients.list']],
    ['keys.rotate', ['keys.list', 'clients.keyHolders', 'audit.query'], ['oauth.clients.list']],
    ['servers.remove', ['servers.list', 'servers.get', 'servers.tools', 'servers.exposures', 'servers.sessions', 'audit.query'], ['keys.list']],
    ['servers.sessions.end', ['servers.sessions', 'audit.query'], ['keys.list']],
    ['servers.oauth.connect', ['servers.oauth.status', 'servers.list'], ['oauth.settings.get']],
    ['settings.update', ['settings.get', 'rate.buckets'], ['keys.list']],
    ['clients.protect', ['clients.list', 'clients.backups', 'clients.firstRun', 'servers.list', 'audit.query'], ['keys.list']],
    ['clients.repatchKey', ['clients.list', 'keys.list', 'keys.get'], ['oauth.clients.list']],
    ['oauth.clients.revoke', ['oauth.clients.list', 'oauth.clients.get', 'oauth.grants.list', 'principals.search', 'rate.buckets'], ['keys.list']],
    ['oauth.grants.revoke', ['oauth.grants.list', 'oauth.clients.list'], ['oauth.consents.pending']],
    ['oauth.consents.approve', ['oauth.consents.pending', 'oauth.grants.list'], ['keys.list']],
    ['oauth.keys.rotate', ['oauth.settings.get'], ['oauth.clients.list']],
    ['oauth.resourceServers.add', ['oauth.resourceServers.list'], ['oauth.clients.list']],
    ['system.masterKey.moveToKeychain', ['system.status'], ['keys.list']],
  ];
  it.each(samples)('%s refreshes %j and leaves %j', (write, refreshed, left) => {
    const reads = readsChangedBy(write);
    expect(reads).toEqual(expect.arrayContaining(refreshed));
    for (const r of left) expect(reads).not.toContain(r);
  });

  it('marks stale exactly the cached reads a write changed, pages and single reads alike', async () => {
    const queryClient = new QueryClient();
    const cached = {
      keyPages: apiPages('keys.list', { limit: 100, sort: 'newest' as const }).queryKey,
      key: apiQuery('keys.get', { id: 'key_abcdefgh' }).queryKey,
      audit: apiPages('audit.query', { since: '1h' }, () => ({ limit: 100 })).queryKey,
      servers: apiQuery('servers.list', {}).queryKey,
      oauth: apiQuery('oauth.settings.get', {}).queryKey,
    };
    for (const key of Object.values(cached)) queryClient.setQueryData<unknown>(key, {});
    await invalidateAfter(queryClient, 'keys.revoke');
    const stale = Object.entries(cached).filter(([, key]) => queryClient.getQueryState(key)?.isInvalidated).map(([name]) => name);
    expect(stale.sort()).toEqual(['audit', 'key', 'keyPages']);
  });

  it('keys a read by its method first, so a write reaches every input of it', () => {
    expect(apiQuery('keys.get', { id: 'key_abcdefgh' }).queryKey).toEqual(['keys.get', { id: 'key_abcdefgh' }]);
    expect(apiPages('oauth.grants.list', { limit: 100 }).queryKey).toEqual(['oauth.grants.list', 'pages', { limit: 100 }]);
  });
});
