import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { oauthStoreOf } from '../../src-main/core/oauth';
import { startServices } from '../../src-main/http/services';
import { silentLogger } from '../../src-main/core/log';
import type { Core } from '../../src-main/core';
import { ENGINES, serveEngines } from './engine-serve';
import { initialize } from './gateway-initialize';
import { makeHome, type TestHome } from './guard-harness';

const ROOT = resolve(import.meta.dirname, '../..');

// The checks a forger outside the AS cannot reach: tokens signed with the AS's own key
// (read from the vault in this process), so only the claim under test is wrong.
const engines = serveEngines();

describe.each(ENGINES)('gateway token checks with the AS key (in process, %s)', (engine) => {
  let home: TestHome;
  let core: Core;
  let services: Awaited<ReturnType<typeof startServices>>;
  let url: string;
  let clientId: string;
  let grantId: string;
  let sign: (claims: Record<string, unknown>, header?: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    home = makeHome([], await engines.databaseUrl(engine), { changeFeed: true });
    core = home.core;
    core.servers.add({ transport: 'stdio', name: 'echo', command: process.execPath, args: [join(ROOT, 'test/fixtures/servers/echo.mjs')], cwd: null, env: {} });
    core.exposure.set('echo', { exposed: true });
    services = await startServices({ core, api: createApi(core), staticDir: join(ROOT, 'out/renderer'), host: '127.0.0.1', port: 0, logger: silentLogger });
    url = `${services.gatewayBase}echo`;
    const store = oauthStoreOf(core);
    const created = await store.createClient({ name: 'in-process', redirectUris: [], grants: ['client_credentials'], scopes: ['mcp:echo'], rules: [], public: false });
    clientId = created.client.clientId;
    // Every token the AS issues names its grant: for client_credentials, the client's machine grant.
    grantId = store.standing.machineGrantOf(clientId)!;
    const jwk = store.keys.privateJwks(store.keyRetentionMs())[0]!;
    const key = await importJWK(jwk as JWK, 'ES256');
    sign = (claims, header = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid, ...header }).sign(key);
  });
  afterAll(async () => {
    await services?.close();
    home?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: services.issuer, aud: url, client_id: clientId, scope: 'mcp:echo', jti: randomUUID(), iat: now(), exp: now() + 300, gh_grant: grantId, ...over,
  });

  it('control: a token signed with the AS key, with every claim right, is accepted', async () => {
    expect((await initialize(url, await sign(claims()))).status).toBe(200);
  });

  it('typ JWT instead of at+jwt is refused (RFC 9068 §4: explicit typing)', async () => {
    for (const typ of ['JWT', 'application/jwt']) {
      const r = await initialize(url, await sign(claims(), { typ }));
      expect(r.status).toBe(401);
      expect(r.challenge).toContain('error="invalid_token"');
      expect(r.challenge).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED');
    }
  });

  it('expired: past exp beyond the 5 s tolerance is refused; within it, accepted', async () => {
    const expired = await initialize(url, await sign(claims({ iat: now() - 400, exp: now() - 10 })));
    expect(expired.status).toBe(401);
    expect(expired.challenge).toContain('ERR_JWT_EXPIRED');
    expect((await initialize(url, await sign(claims({ iat: now() - 400, exp: now() - 2 })))).status).toBe(200);
  });

  it('a cached token is re-checked when it expires', async () => {
    // Expired 2 to 3 s ago (now() is floored): accepted within the 5 s tolerance, and cached.
    // (4 s left the first request as little as 0 to 1 s, which a loaded machine overran.)
    const token = await sign(claims({ exp: now() - 2 }));
    expect((await initialize(url, token)).status).toBe(200);
    // At most 3 s on, past exp + tolerance: the cache must not keep it alive.
    await expect.poll(async () => (await initialize(url, token)).challenge ?? '', { timeout: 5000, interval: 100 }).toContain('ERR_JWT_EXPIRED');
  });

  it('wrong issuer, missing exp, missing client_id are refused', async () => {
    for (const bad of [claims({ iss: 'http://127.0.0.1:1' }), claims({ exp: undefined }), claims({ client_id: undefined })]) {
      const r = await initialize(url, await sign(bad));
      expect(r.status).toBe(401);
      expect(r.challenge).toContain('error="invalid_token"');
    }
  });

  it('a token naming no grant, an unknown one, or another client\'s is refused (issued before grants covered it, or forged)', async () => {
    const other = await oauthStoreOf(core).createClient({ name: 'other', redirectUris: [], grants: ['client_credentials'], scopes: ['mcp:echo'], rules: [], public: false });
    const othersGrant = oauthStoreOf(core).standing.machineGrantOf(other.client.clientId)!;
    for (const gh_grant of [undefined, 'machine:nope', othersGrant]) {
      const r = await initialize(url, await sign(claims({ gh_grant })));
      expect(r.status, String(gh_grant)).toBe(401);
      expect(r.challenge).toContain('the access token was revoked');
    }
  });

  it('no scope claim for this server: 403 insufficient_scope', async () => {
    const r = await initialize(url, await sign(claims({ scope: 'offline_access' })));
    expect(r.status).toBe(403);
    expect(r.challenge).toContain('error="insufficient_scope"');
    expect(r.challenge).toContain('scope="mcp:echo"');
  });
});
