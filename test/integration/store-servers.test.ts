// The server registry and the upstream sign-ins on the store interface, on both engines:
// servers with their secrets sealed in the vault, their catalogs and tool pages, and the
// OAuth tokens Gatehouse holds for a remote server, each run as-is on a migrated SQLite
// file and on a migrated PostgreSQL database of this file's own.
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../src-main/core/errors';
import { ServerRegistry } from '../../src-main/core/servers/registry';
import { readToolPage } from '../../src-main/core/servers/tool-pages';
import { UpstreamAuth, VaultOAuthProvider } from '../../src-main/core/servers/upstream-oauth';
import { ENGINES, freshStores } from '../helpers/engines';
import { openMigrated } from '../helpers/migrated-store';

const stores = freshStores();

const stdio = { transport: 'stdio' as const, name: 'files', command: 'npx', args: ['-y', 'fs-server'], cwd: null, env: { API_TOKEN: 'tok-secret-1' } };
const remote = { transport: 'http' as const, name: 'Linear', url: 'https://mcp.linear.example/mcp', headers: { Authorization: 'Bearer hdr-secret-2' } };
const tool = (name: string) => ({ name, title: null, description: `${name} tool`, annotations: { readOnlyHint: true } });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (e) {
    return e instanceof GatehouseError ? e.code : 'other';
  }
};

describe.each(ENGINES)('the server registry on %s', (engine) => {
  it('a server is registered with its env and header values sealed in the vault, listed by name, updated and removed', async () => {
    const { sql, vault, audit } = await openMigrated(stores, engine);
    const servers = new ServerRegistry(sql, vault, audit);
    servers.add(stdio);
    servers.add(remote);
    expect(codeOf(() => servers.add(stdio))).toBe('CONFLICT');
    // The failed add rolled back alone: the store goes on.
    expect(servers.list().map((s) => s.name)).toEqual(['files', 'Linear']);
    const raw = JSON.stringify(sql.all('SELECT * FROM servers').map((r) => Object.values(r).map(String)));
    expect(raw).not.toContain('tok-secret-1');
    expect(raw).not.toContain('hdr-secret-2');
    expect(servers.launch('files')).toEqual({ name: 'files', command: 'npx', args: ['-y', 'fs-server'], cwd: null, env: { API_TOKEN: 'tok-secret-1' } });
    expect(servers.remote('Linear').headers).toEqual({ Authorization: 'Bearer hdr-secret-2' });
    expect(servers.get('files')).toMatchObject({ envNames: ['API_TOKEN'], transport: 'stdio', authMode: null });
    expect(codeOf(() => servers.launch('Linear'))).toBe('INVALID_INPUT');
    expect(codeOf(() => servers.get('nope'))).toBe('NOT_FOUND');

    // An empty value keeps the stored secret; a new one replaces it.
    servers.update('files', { ...stdio, name: 'files2', env: { API_TOKEN: '', OTHER: 'x' } });
    expect(servers.launch('files2').env).toEqual({ API_TOKEN: 'tok-secret-1', OTHER: 'x' });
    expect(servers.has('files')).toBe(false);
    expect(codeOf(() => servers.update('files2', { ...stdio, name: 'Linear' }))).toBe('CONFLICT');
    servers.setAuthMode('Linear', 'oauth');
    expect(servers.upstreamAuthOf('Linear').authMode).toBe('oauth');
    servers.remove('files2');
    expect(servers.list().map((s) => s.name)).toEqual(['Linear']);
    audit.flush();
    expect(sql.all<{ action: string }>("SELECT action FROM audit_events WHERE action LIKE 'server.%' ORDER BY id").map((r) => r.action)).toEqual([
      'server.add',
      'server.add',
      'server.update',
      'server.update',
      'server.remove',
    ]);
  });

  it("a catalog replaces the server's tools and capabilities; tools are found a page at a time by a name prefix", async () => {
    const { sql, vault, audit } = await openMigrated(stores, engine);
    const servers = new ServerRegistry(sql, vault, audit);
    servers.add(stdio);
    servers.add({ ...stdio, name: 'other' });
    const prompt = { kind: 'prompt' as const, name: 'summarize', title: null, description: null };
    servers.saveCatalog('files', { serverInfo: { name: 'fs', version: '1.0.0' }, tools: [tool('read_file'), tool('write_file'), tool('Read_dir')], capabilities: [prompt] });
    servers.saveCatalog('other', { serverInfo: null, tools: [tool('read_mail')] });
    const detail = servers.get('files');
    expect(detail).toMatchObject({ toolCount: 3, serverInfo: { name: 'fs', version: '1.0.0' }, prompts: [prompt], discoveryError: null });
    expect(detail.tools.map((t) => t.annotations)).toEqual([{ readOnlyHint: true }, { readOnlyHint: true }, { readOnlyHint: true }]);
    servers.saveCatalog('files', { serverInfo: null, tools: [tool('read_file')] });
    expect(servers.get('files')).toMatchObject({ toolCount: 1, prompts: [prompt] });
    servers.saveDiscoveryError('other', 'spawn failed');
    expect(servers.get('other').discoveryError).toBe('spawn failed');

    servers.saveCatalog('files', { serverInfo: null, tools: [tool('read_file'), tool('Read_dir'), tool('write_file')] });
    const first = readToolPage(sql, { search: 'READ', limit: 2 });
    const second = readToolPage(sql, { search: 'READ', limit: 2, cursor: first.nextCursor! });
    expect([...first.tools, ...second.tools].map((t) => `${t.server}:${t.name}`).sort()).toEqual(['files:Read_dir', 'files:read_file', 'other:read_mail']);
    expect(second.nextCursor).toBeNull();
    expect(readToolPage(sql, { server: 'other' }).tools.map((t) => t.name)).toEqual(['read_mail']);
  });

  it("upstream sign-in: the client registration, tokens and verifier sealed per server; a callback's state used once; disconnect forgets the tokens", async () => {
    const { sql, vault, audit } = await openMigrated(stores, engine);
    const servers = new ServerRegistry(sql, vault, audit);
    servers.add({ ...remote, auth: 'oauth' });
    const auth = new UpstreamAuth({ sql, vault, servers, audit, runtime: { issuer: 'http://127.0.0.1:7000' } });
    const target = auth.target('Linear');
    expect(auth.status('Linear')).toMatchObject({ state: 'signed_out', redirectUri: 'http://127.0.0.1:7000/admin/upstream-callback' });
    expect(auth.sessionProvider(target)).toBeNull();

    const provider = new VaultOAuthProvider(sql, vault, target, auth.redirectUri()!, true);
    provider.saveClientInformation({ client_id: 'upstream-client', client_secret: 'cs-secret-3', redirect_uris: [auth.redirectUri()!] });
    provider.saveCodeVerifier('verifier-4');
    provider.saveTokens({ access_token: 'at-secret-5', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-secret-6' });
    const raw = JSON.stringify(sql.all('SELECT * FROM upstream_oauth'));
    for (const secret of ['cs-secret-3', 'verifier-4', 'at-secret-5', 'rt-secret-6']) expect(raw).not.toContain(secret);
    const session = auth.sessionProvider(target)!;
    expect(session.tokens()).toMatchObject({ access_token: 'at-secret-5', refresh_token: 'rt-secret-6' });
    expect(session.clientInformation()).toMatchObject({ client_id: 'upstream-client' });
    expect(provider.codeVerifier()).toBe('verifier-4');
    expect(auth.status('Linear')).toMatchObject({ state: 'connected', refreshable: true, error: null });

    // A sign-in the upstream refused: the state is spent, the error shown.
    const state = provider.state();
    provider.redirectToAuthorization(new URL('https://auth.linear.example/authorize?x=1'));
    expect(() => session.redirectToAuthorization(new URL('https://auth.linear.example/authorize'))).toThrow(/needs the admin to sign in/);
    const callback = new URLSearchParams({ state, error: 'access_denied' });
    await expect(auth.complete(callback)).rejects.toThrow(/refused the sign-in: access_denied/);
    await expect(auth.complete(callback)).rejects.toThrow(/unknown or already used sign-in/);
    await expect(auth.complete(new URLSearchParams())).rejects.toThrow(/no state/);

    session.invalidateCredentials('tokens');
    expect(auth.status('Linear')).toMatchObject({ state: 'error', error: 'the upstream refused the stored tokens; sign in again' });
    provider.saveTokens({ access_token: 'at-2', token_type: 'Bearer' });
    expect(auth.disconnect('Linear')).toMatchObject({ state: 'signed_out', connectedAt: null, refreshable: false });
    expect(auth.sessionProvider(target)).toBeNull();
    // Removing the server takes its sign-in with it.
    servers.remove('Linear');
    expect(sql.get<{ n: number }>('SELECT count(*) AS n FROM upstream_oauth')?.n).toBe(0);
  });
});
