// The gateway as an OAuth resource server, driven by the official MCP SDK client against
// the real server-everything behind a real `gatehouse serve` (needs a build first):
// discovery (RFC 9728 → RFC 8414), DCR, PKCE with the consent clicked in Chromium, then
// tools/list and tools/call; a denied tool refused and audited; step-up on a 403 scope
// challenge; and the tokens the gateway must refuse. The claims only a holder of the AS key
// could get wrong are in gateway-token-checks.test.ts.
import { createHash, createHmac, createPublicKey } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed } from '@modelcontextprotocol/sdk/shared/auth.js';
import { generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, authorizeInBrowser, authorizeUrl, insecure, launchBrowser, pkce, registerPublicClient, signedInServe } from './oauth-harness';
import { ENGINES, serveEngines } from './engine-serve';
import { initialize } from './gateway-initialize';
import { BrowserOAuthProvider, connectWithOAuth, withDeadline } from './sdk-oauth-client';

const ROOT = resolve(import.meta.dirname, '../..');
const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const SERVER = 'everything-sdk';

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

const engines = serveEngines();
// One Chromium for both engines' runs; each run has its own context.
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(ENGINES)('gateway with OAuth access tokens (%s)', (engine) => {
  let url: string;
  const fx = signedInServe(engines, engine, {
    browser: () => browser,
    // `other` is exposed while SERVER is added: two CLI processes at once.
    setUp: async (serve) => {
      await Promise.all([
        serve.cli(['servers', 'add', SERVER, '--command', process.execPath, '--arg', EVERYTHING, '--arg', 'stdio']).then(() => serve.cli(['servers', 'expose', SERVER, '--deny', 'get-env'])),
        serve.cli(['servers', 'expose', 'other']),
      ]);
      url = serve.resource(SERVER);
    },
  });

  it('the SDK client does discovery, DCR, PKCE and consent, then tools/list and tools/call; a denied tool is refused and audited', async () => {
    const provider = new BrowserOAuthProvider(fx.page, fx.rx);
    const log: string[] = [];
    const client = await connectWithOAuth(url, provider, log);

    // The order of the flow, as the SDK drove it.
    const i = (prefix: string) => log.findIndex((l) => l.startsWith(prefix));
    expect(log[0]).toBe(`POST /mcp/${SERVER} 401`);
    expect(i(`GET /.well-known/oauth-protected-resource/mcp/${SERVER} 200`)).toBeGreaterThan(0);
    expect(i('GET /.well-known/oauth-authorization-server 200')).toBeGreaterThan(i(`GET /.well-known/oauth-protected-resource/mcp/${SERVER}`));
    expect(i('POST /oauth/register 201')).toBeGreaterThan(i('GET /.well-known/oauth-authorization-server'));
    expect(i('POST /oauth/token 200')).toBeGreaterThan(i('POST /oauth/register'));
    expect(log.filter((l) => l.startsWith(`POST /mcp/${SERVER} 200`)).length).toBeGreaterThan(0);

    // DCR gave it a public client; the authorization request carried PKCE S256 and the resource.
    expect(provider.info?.client_id).toBeTruthy();
    const authz = provider.authorizationUrls[0]!;
    expect(authz.origin + authz.pathname).toBe(fx.serve.as.authorization_endpoint);
    expect(authz.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authz.searchParams.get('code_challenge')).toBe(createHash('sha256').update(provider.verifier).digest('base64url'));
    expect(authz.searchParams.get('resource')).toBe(url);
    expect(authz.searchParams.get('scope')).toBe(`mcp:${SERVER}`);
    // The access token is an ES256 at+jwt for exactly this resource.
    const [h, p] = provider.saved!.access_token.split('.');
    expect(decode(h!)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(decode(p!)).toMatchObject({ aud: url, iss: fx.serve.issuer, client_id: provider.info!.client_id, scope: `mcp:${SERVER}` });

    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('echo');
    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'through OAuth' } });
    expect(JSON.stringify(echoed.content)).toContain('through OAuth');

    // Consent granted `allow everything-sdk:*` (the exposure's --deny is not applied at
    // consent); the admin narrows this client's rules, which the gateway applies at once.
    const clientId = provider.info!.client_id;
    await adminApi(fx.serve, fx.cookie, 'oauth.clients.update', {
      clientId,
      rules: [
        { effect: 'allow', pattern: `${SERVER}:*` },
        { effect: 'deny', pattern: `${SERVER}:get-env` },
      ],
    });
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('get-env');
    await expect(client.callTool({ name: 'get-env', arguments: {} })).rejects.toThrow(new RegExp(`denied by the rule ${SERVER}:get-env`));
    await client.close();

    // The refusal is in the audit log (read through the CLI, as a user's script would).
    type Row = { tool: string | null; decision: string | null; reason: string | null; actor: string | null; principalId: string | null; principalType: string | null };
    const deadline = Date.now() + 5000;
    let rows: Row[] = [];
    while (Date.now() < deadline) {
      rows = (await fx.serve.cli(['audit', '--limit', '200']) as { events: Row[] }).events;
      if (rows.some((r) => r.tool === 'get-env')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows.find((r) => r.tool === 'get-env')).toMatchObject({
      decision: 'denied',
      reason: 'denied_by_rule',
      actor: 'gateway',
      principalType: 'oauth_client',
      principalId: clientId,
    });
    expect(rows.find((r) => r.tool === 'echo')).toMatchObject({ decision: 'allowed', principalId: clientId });
  });

  it('step-up: a token without mcp:NAME gets 403 insufficient_scope with a scope challenge; the SDK re-authorizes with that scope and succeeds', async () => {
    // A client that asked for no MCP scope: the consent grants the resource, but the
    // token carries only what was asked for.
    const registered = await registerPublicClient(fx.serve, 'narrow app', [fx.rx.uri]);
    const { verifier, challenge } = await pkce();
    const cb = await withDeadline(
      authorizeInBrowser(fx.page, authorizeUrl(fx.serve, {
        client_id: registered.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'openid',
        resource: url, code_challenge: challenge, code_challenge_method: 'S256',
      }), fx.rx),
      'the narrow authorization',
    );
    expect(cb.searchParams.get('error')).toBeNull();
    const params = oauth.validateAuthResponse(fx.serve.as, registered, cb, oauth.expectNoState);
    const narrow = await oauth.processAuthorizationCodeResponse(
      fx.serve.as, registered,
      await oauth.authorizationCodeGrantRequest(fx.serve.as, registered, oauth.None(), params, fx.rx.uri, verifier, insecure),
    );
    const claims = decode(narrow.access_token.split('.')[1]!);
    expect(claims.aud).toBe(url);
    expect(String(claims.scope ?? '').split(' ')).not.toContain(`mcp:${SERVER}`);

    const refused = await initialize(url, narrow.access_token);
    expect(refused.status).toBe(403);
    expect(refused.challenge).toContain('error="insufficient_scope"');
    expect(refused.challenge).toContain(`scope="mcp:${SERVER}"`);
    expect(refused.challenge).toContain(`resource_metadata="${fx.serve.issuer}/.well-known/oauth-protected-resource/mcp/${SERVER}"`);

    // The SDK, holding that token, meets the 403, re-authorizes with the challenge's scope,
    // and the new token works.
    const provider = new BrowserOAuthProvider(fx.page, fx.rx, {
      info: { client_id: registered.client_id, redirect_uris: [fx.rx.uri], token_endpoint_auth_method: 'none' } as OAuthClientInformationMixed,
      tokens: { access_token: narrow.access_token, token_type: 'Bearer' },
    });
    const log: string[] = [];
    const client = await connectWithOAuth(url, provider, log);
    expect(log[0]).toBe(`POST /mcp/${SERVER} 403`);
    expect(provider.authorizationUrls[0]!.searchParams.get('scope')).toBe(`mcp:${SERVER}`);
    expect(String(decode(provider.saved!.access_token.split('.')[1]!).scope).split(' ')).toContain(`mcp:${SERVER}`);
    const r = await client.callTool({ name: 'echo', arguments: { message: 'stepped up' } });
    expect(JSON.stringify(r.content)).toContain('stepped up');
    await client.close();
  });

  describe('refusals', () => {
    let svc: { client_id: string; client_secret: string };
    // Asks for the resource's scope: the AS grants only the scopes a client asks for.
    const cc = async (resource: string) => {
      const c = { client_id: svc.client_id };
      const scope = `mcp:${resource.slice(fx.serve.gatewayBase.length)}`;
      const res = await oauth.clientCredentialsGrantRequest(fx.serve.as, c, oauth.ClientSecretBasic(svc.client_secret), { resource, scope }, insecure);
      return (await oauth.processClientCredentialsResponse(fx.serve.as, c, res)).access_token;
    };
    const refusedAs = (r: { status: number; challenge: string }, status: number, error: string) => {
      expect(r.status).toBe(status);
      expect(r.challenge).toMatch(/^Bearer /);
      expect(r.challenge).toContain(`error="${error}"`);
      expect(r.challenge).toContain(`resource_metadata="${fx.serve.issuer}/.well-known/oauth-protected-resource/mcp/${SERVER}"`);
    };

    beforeAll(async () => {
      svc = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', `mcp:${SERVER}`, '--scope', 'mcp:other']) as typeof svc;
    });

    it('control: a client_credentials token for this resource is accepted', async () => {
      const r = await initialize(url, await cc(url));
      expect(r.status).toBe(200);
    });

    it('no token: 401 with resource_metadata and scope, no error code', async () => {
      const r = await initialize(url, null);
      expect(r.status).toBe(401);
      expect(r.challenge).toContain(`scope="mcp:${SERVER}"`);
      expect(r.challenge).not.toContain('error=');
    });

    it('a token for another resource (aud = the other exposed server), fresh and after it was verified there', async () => {
      const forOther = await cc(fx.serve.resource('other'));
      expect(decode(forOther.split('.')[1]!).aud).toBe(fx.serve.resource('other'));
      // Fresh: jose's audience check refuses it.
      const fresh = await initialize(url, forOther);
      refusedAs(fresh, 401, 'invalid_token');
      // Once accepted at its own resource (and so in the verified-token cache), still refused here.
      const forOther2 = await cc(fx.serve.resource('other'));
      expect((await initialize(fx.serve.resource('other'), forOther2)).status).toBe(200);
      const cached = await initialize(url, forOther2);
      refusedAs(cached, 401, 'invalid_token');
      expect(cached.challenge).toContain('another resource');
    });

    it('alg none, with or without a signature part', async () => {
      const real = decode((await cc(url)).split('.')[1]!);
      // jose's UnsecuredJWT: header {"alg":"none"}, empty signature.
      const unsecured = new UnsecuredJWT(real).encode();
      refusedAs(await initialize(url, unsecured), 401, 'invalid_token');
      // By hand, typed as an access token, with a junk signature so it has the JWS shape.
      const typed = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(real)}.AAAA`;
      const r = await initialize(url, typed);
      refusedAs(r, 401, 'invalid_token');
      expect(r.challenge).toContain('ERR_JOSE_ALG_NOT_ALLOWED');
    });

    it('HS256 signed with the AS public key (JWK JSON, PEM, raw point as the HMAC secret)', async () => {
      const token = await cc(url);
      const header = decode(token.split('.')[0]!);
      const real = decode(token.split('.')[1]!);
      const jwks = (await (await fetch(fx.serve.as.jwks_uri!)).json()) as { keys: (JWK & { kid: string })[] };
      const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
      expect(jwk.kty).toBe('EC');
      const pem = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const secrets = [
        Buffer.from(JSON.stringify(jwk)),
        Buffer.from(pem),
        Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]),
      ];
      for (const secret of secrets) {
        const signingInput = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: jwk.kid })}.${b64(real)}`;
        const forged = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
        const r = await initialize(url, forged);
        refusedAs(r, 401, 'invalid_token');
        expect(r.challenge).toContain('ERR_JOSE_ALG_NOT_ALLOWED');
      }
    });

    it('typ JWT (not at+jwt) signed by another ES256 key, under the real kid and claims', async () => {
      // We cannot sign with the AS key from outside, so this shows only that a token
      // outside the AS's keys is refused whatever its header says; the typ check on its
      // own is proven with the real key in the in-process suite below.
      const token = await cc(url);
      const header = decode(token.split('.')[0]!);
      const real = decode(token.split('.')[1]!);
      const { privateKey } = await generateKeyPair('ES256');
      for (const typ of ['JWT', 'at+jwt']) {
        const forged = await new SignJWT(real).setProtectedHeader({ alg: 'ES256', typ, kid: String(header.kid) }).sign(privateKey);
        const r = await initialize(url, forged);
        refusedAs(r, 401, 'invalid_token');
        expect(r.challenge).toContain('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      }
    });

    it('a token in the query string, alone or next to a valid header', async () => {
      const token = await cc(url);
      const alone = await initialize(url, null, `?access_token=${token}`);
      refusedAs(alone, 400, 'invalid_request');
      const both = await initialize(url, token, `?access_token=${token}`);
      refusedAs(both, 400, 'invalid_request');
    });

    it("an OAuth client's own rate limit (create --rate) holds at the gateway; the buckets name the client; update clears it", async () => {
      const limited = await fx.serve.cli([
        'oauth', 'clients', 'create', '--name', 'limited', '--grant', 'client_credentials', '--scope', `mcp:${SERVER}`, '--rate', '2/min',
      ]) as { client_id: string; client_secret: string; rate_limit: unknown };
      expect(limited.rate_limit).toEqual({ limit: 2, window: 'minute' });
      const c = { client_id: limited.client_id };
      const res = await oauth.clientCredentialsGrantRequest(fx.serve.as, c, oauth.ClientSecretBasic(limited.client_secret), { resource: url, scope: `mcp:${SERVER}` }, insecure);
      const token = (await oauth.processClientCredentialsResponse(fx.serve.as, c, res)).access_token;
      const client = new Client({ name: 'limited', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      const echo = async (message: string) => JSON.stringify((await client.callTool({ name: 'echo', arguments: { message } })).content);
      try {
        for (const n of [1, 2]) expect(await echo(`call ${n}`)).toContain(`call ${n}`);
        await expect(echo('call 3')).rejects.toThrow(/rate limit.*2 calls per minute.*retry/i);
        const buckets = await adminApi<{ principalId: string; principalName: string | null; capacity: number; tokens: number; tool: string | null }[]>(
          fx.serve, fx.cookie, 'rate.buckets', {},
        );
        const mine = buckets.find((b) => b.principalId === limited.client_id && b.tool === null);
        expect(mine).toMatchObject({ principalName: 'limited', capacity: 2 });
        expect(mine!.tokens).toBeLessThan(1);
        // Back to the default (120 per minute here): calls go through again within a few seconds.
        const cleared = await adminApi<{ rateLimit: unknown }>(fx.serve, fx.cookie, 'oauth.clients.update', { clientId: limited.client_id, rateLimit: null });
        expect(cleared.rateLimit).toBeNull();
        await expect.poll(() => echo('call 4').catch((e: Error) => e.message), { timeout: 5_000, interval: 250 }).toContain('call 4');
      } finally {
        await client.close();
      }
    });

    it('a revoked grant or disabled client: a token that verifies is still refused', async () => {
      const token = await cc(url);
      expect((await initialize(url, token)).status).toBe(200);
      await adminApi(fx.serve, fx.cookie, 'oauth.clients.revoke', { clientId: svc.client_id });
      const r = await initialize(url, token);
      refusedAs(r, 401, 'invalid_token');
      expect(r.challenge).toContain('revoked');
    });
  });
});
