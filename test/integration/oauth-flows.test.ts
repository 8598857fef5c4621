// The AS as MCP clients use it, driven by oauth4webapi (a strict client) against a real
// `gatehouse serve`, with the consent page clicked in Chromium. Needs a build first.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { ENGINES, serveEngines } from './engine-serve';
import { adminApi, authorizeInBrowser, authorizeUrl, insecure, oauthError, pkce, registerPublicClient, signedInServe } from './oauth-harness';

const engines = serveEngines();

describe.each(ENGINES)('OAuth AS: flows (%s)', (engine) => {
  const fx = signedInServe(engines, engine);

  it('publishes RFC 8414 and OpenID metadata with S256 only and iss in responses', async () => {
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const md = (await (await fetch(`${fx.serve.issuer}${path}`)).json()) as Record<string, unknown>;
      expect(md.issuer).toBe(fx.serve.issuer);
      expect(md.code_challenge_methods_supported).toEqual(['S256']);
      expect(md.response_types_supported).toEqual(['code']);
      expect(md.authorization_response_iss_parameter_supported).toBe(true);
      expect(md.grant_types_supported).not.toContain('password');
      expect(md.grant_types_supported).not.toContain('implicit');
    }
  });

  it('DCR, then code + PKCE through the consent page, refresh rotation, introspection and revocation', async () => {
    const client = await registerPublicClient(fx.serve, 'Test MCP app', [fx.rx.uri]);
    const auth = oauth.None();
    const { verifier, challenge } = await pkce();
    const url = authorizeUrl(fx.serve, {
      client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: challenge, code_challenge_method: 'S256',
    });

    const cbPromise = fx.rx.next();
    await fx.page.goto(url);
    expect(fx.page.url()).toContain('/admin/consent/');
    await expect.poll(() => fx.page.getByRole('heading').textContent()).toContain('Test MCP app');
    expect(await fx.page.locator('strong', { hasText: new URL(fx.rx.uri).host }).count()).toBe(1);
    expect(await fx.page.locator('li').first().textContent()).toBe('use tools of everything');
    const csp = (await fx.page.request.get(fx.page.url())).headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    await fx.page.getByRole('button', { name: 'Allow' }).click();
    const cb = await cbPromise;

    // validateAuthResponse checks the RFC 9207 iss parameter.
    const params = oauth.validateAuthResponse(fx.serve.as, client, cb, oauth.expectNoState);
    const tokenRes = await oauth.authorizationCodeGrantRequest(fx.serve.as, client, auth, params, fx.rx.uri, verifier, insecure);
    expect(tokenRes.headers.get('cache-control')).toBe('no-store');
    const tokens = await oauth.processAuthorizationCodeResponse(fx.serve.as, client, tokenRes);
    expect(tokens.scope).toBe('mcp:everything');
    expect(tokens.refresh_token).toBeTruthy();

    // RFC 9068: a JWT access token whose audience is the resource.
    const claims = await oauth.validateJwtAccessToken(
      fx.serve.as,
      new Request(fx.serve.resource(), { headers: { Authorization: `Bearer ${tokens.access_token}` } }),
      fx.serve.resource(),
      insecure,
    );
    expect(claims.client_id).toBe(client.client_id);

    // Refresh rotation: a new refresh token each time.
    const refreshed = await oauth.processRefreshTokenResponse(
      fx.serve.as, client, await oauth.refreshTokenGrantRequest(fx.serve.as, client, auth, tokens.refresh_token!, insecure),
    );
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // Introspection by a confidential client (a resource server).
    const rs = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'resource server', '--grant', 'client_credentials']) as { client_id: string; client_secret: string };
    const rsClient = { client_id: rs.client_id };
    const rsAuth = oauth.ClientSecretBasic(rs.client_secret);
    const introspect = async (token: string) =>
      oauth.processIntrospectionResponse(fx.serve.as, rsClient, await oauth.introspectionRequest(fx.serve.as, rsClient, rsAuth, token, insecure));
    const live = await introspect(refreshed.access_token);
    expect(live).toMatchObject({ active: true, client_id: client.client_id, aud: fx.serve.resource(), scope: 'mcp:everything' });

    // Consent is listed as a grant and remembered: a second request skips the page.
    const grants = await adminApi<{ grants: { clientId: string; remembered: boolean }[] }>(fx.serve, fx.cookie, 'oauth.grants.list', { clientId: client.client_id });
    expect(grants.grants).toMatchObject([{ clientId: client.client_id, remembered: true }]);
    const again = await pkce();
    const cb2 = await authorizeInBrowser(fx.page, authorizeUrl(fx.serve, {
      client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: again.challenge, code_challenge_method: 'S256',
    }), fx.rx, null);
    expect(cb2.searchParams.get('code')).toBeTruthy();

    // Revocation (RFC 7009) of the JWT goes through its grant: the refresh token dies too.
    await oauth.processRevocationResponse(await oauth.revocationRequest(fx.serve.as, client, auth, refreshed.access_token, insecure));
    expect((await introspect(refreshed.access_token)).active).toBe(false);
    expect(await oauthError(oauth.processRefreshTokenResponse(
      fx.serve.as, client, await oauth.refreshTokenGrantRequest(fx.serve.as, client, auth, refreshed.refresh_token!, insecure),
    ))).toBe('invalid_grant');
  });

  it('client_credentials for a confidential client, limited by its rules; introspection of an API key', async () => {
    const svc = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything']) as { client_id: string; client_secret: string };
    const c = { client_id: svc.client_id };
    const a = oauth.ClientSecretBasic(svc.client_secret);
    const cc = (resource: string) => oauth.clientCredentialsGrantRequest(fx.serve.as, c, a, { resource, scope: 'mcp:everything' }, insecure);
    const res = await cc(fx.serve.resource());
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = await oauth.processClientCredentialsResponse(fx.serve.as, c, res);
    const claims = await oauth.validateJwtAccessToken(fx.serve.as, new Request(fx.serve.resource(), { headers: { Authorization: `Bearer ${token.access_token}` } }), fx.serve.resource(), insecure);
    expect(claims.aud).toBe(fx.serve.resource());
    // Its rules do not reach `other`.
    expect(await oauthError(oauth.processClientCredentialsResponse(fx.serve.as, c, await cc(fx.serve.resource('other'))))).toBe('invalid_target');

    const key = await fx.serve.cli(['keys', 'create', '--name', 'k', '--allow', 'everything:get_*']) as { key: string; id: string };
    const info = await oauth.processIntrospectionResponse(fx.serve.as, c, await oauth.introspectionRequest(fx.serve.as, c, a, key.key, insecure));
    expect(info).toMatchObject({ active: true, token_type: 'gatehouse_api_key', sub: key.id, scope: 'mcp:everything' });
    expect(info.gatehouse_rules).toEqual([{ effect: 'allow', pattern: 'everything:get_*' }]);
    const bad = await oauth.processIntrospectionResponse(fx.serve.as, c, await oauth.introspectionRequest(fx.serve.as, c, a, `${key.key.slice(0, -2)}xx`, insecure));
    expect(bad.active).toBe(false);

    // Revoking a client_credentials JWT (no grant) works by its jti.
    await oauth.processRevocationResponse(await oauth.revocationRequest(fx.serve.as, c, a, token.access_token, insecure));
    const after = await oauth.processIntrospectionResponse(fx.serve.as, c, await oauth.introspectionRequest(fx.serve.as, c, a, token.access_token, insecure));
    expect(after.active).toBe(false);
  });

  it('rotating the signing key keeps older tokens verifiable', async () => {
    const svc = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc2', '--grant', 'client_credentials', '--scope', 'mcp:everything']) as { client_id: string; client_secret: string };
    const c = { client_id: svc.client_id };
    const a = oauth.ClientSecretBasic(svc.client_secret);
    const get = async () => (await oauth.processClientCredentialsResponse(fx.serve.as, c, await oauth.clientCredentialsGrantRequest(fx.serve.as, c, a, { resource: fx.serve.resource() }, insecure))).access_token;
    const before = await get();
    const view = await adminApi<{ signingKeys: { state: string }[] }>(fx.serve, fx.cookie, 'oauth.keys.rotate', {});
    expect(view.signingKeys.map((k) => k.state)).toEqual(['signing', 'verify-only']);
    const after = await get();
    const kid = (t: string) => (JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    expect(kid(after)).not.toBe(kid(before));
    const jwks = (await (await fetch(fx.serve.as.jwks_uri!)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([kid(before), kid(after)].sort());
    expect(jwks.keys.some((k) => 'd' in k)).toBe(false);
    for (const t of [before, after]) {
      const info = await oauth.processIntrospectionResponse(fx.serve.as, c, await oauth.introspectionRequest(fx.serve.as, c, a, t, insecure));
      expect(info.active).toBe(true);
    }
  });
});
