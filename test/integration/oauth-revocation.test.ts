// Revocation that revokes (issue 11, observation 2), against a real `gatehouse serve`
// with oauth4webapi as the client and Chromium clicking the consent page: a client
// registered by open DCR with client_credentials among its grant types gets no token
// without sign-in until the admin turns machine access on for it; revoking a grant,
// "revoke all" and disabling the client each end every token and every way of getting
// one, client_credentials included, at the gateway within a second. Needs a build first.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, RESULTS } from '../e2e/admin-harness';
import { initialize } from './gateway-initialize';
import { ENGINES, serveEngines } from './engine-serve';
import { adminApi, authorizeInBrowser, authorizeUrl, insecure, oauthError, pkce, signedInServe } from './oauth-harness';

interface Summary {
  clientId: string;
  machineAccess: boolean;
  machineAccessRequested: boolean;
  activeGrants: number;
  liveTokens: number;
  disabled: boolean;
}
interface Grant {
  grantId: string;
  kind: 'sign-in' | 'machine';
  accessTokens: number;
  refreshTokens: number;
}

const engines = serveEngines();

describe.each(ENGINES)('OAuth: revocation that revokes (%s)', (engine) => {
  const fx = signedInServe(engines, engine, { expose: ['everything'] });
  beforeAll(() => mkdirSync(RESULTS, { recursive: true }));

  /** A confidential client registered by open DCR that asks for client_credentials too. */
  const registerMachineApp = async (name: string) => {
    const reg = await oauth.dynamicClientRegistrationRequest(fx.serve.as, {
      client_name: name,
      redirect_uris: [fx.rx.uri],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
    }, insecure);
    const client = await oauth.processDynamicClientRegistrationResponse(reg);
    return { client, auth: oauth.ClientSecretBasic(client.client_secret as string) };
  };
  type App = Awaited<ReturnType<typeof registerMachineApp>>;

  const signInCode = async ({ client, auth }: App) => {
    const p = await pkce();
    const cb = await authorizeInBrowser(fx.page, authorizeUrl(fx.serve, {
      client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
    }), fx.rx);
    const params = oauth.validateAuthResponse(fx.serve.as, client, cb, oauth.expectNoState);
    return oauth.processAuthorizationCodeResponse(fx.serve.as, client,
      await oauth.authorizationCodeGrantRequest(fx.serve.as, client, auth, params, fx.rx.uri, p.verifier, insecure));
  };
  const machineToken = async ({ client, auth }: App) =>
    oauth.processClientCredentialsResponse(fx.serve.as, client,
      await oauth.clientCredentialsGrantRequest(fx.serve.as, client, auth, { resource: fx.serve.resource(), scope: 'mcp:everything' }, insecure));
  const refresh = async ({ client, auth }: App, rt: string) =>
    oauth.processRefreshTokenResponse(fx.serve.as, client, await oauth.refreshTokenGrantRequest(fx.serve.as, client, auth, rt, insecure));
  const gatewayStatus = async (token: string) => (await initialize(fx.serve.resource(), token)).status;
  /** Refused at the gateway within a second of the revocation returning. */
  const refusedWithinASecond = async (tokens: string[]) => {
    for (const t of tokens) await expect.poll(() => gatewayStatus(t), { timeout: 1000, interval: 50 }).toBe(401);
  };
  const summary = (clientId: string) => adminApi<Summary>(fx.serve, fx.cookie, 'oauth.clients.get', { clientId });
  const grants = async (clientId: string) => (await adminApi<{ grants: Grant[] }>(fx.serve, fx.cookie, 'oauth.grants.list', { clientId })).grants;
  const machineAccess = (clientId: string, on: boolean) => adminApi<Summary>(fx.serve, fx.cookie, 'oauth.clients.update', { clientId, machineAccess: on });

  it('a DCR client gets no client_credentials token until the admin turns machine access on; the refusal says how', async () => {
    const app = await registerMachineApp('DCR machine app');
    await signInCode(app);
    const refused = await oauth.clientCredentialsGrantRequest(fx.serve.as, app.client, app.auth, { resource: fx.serve.resource(), scope: 'mcp:everything' }, insecure);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: string; error_description: string };
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toMatch(/machine access .*off.*admin/i);
    expect(await summary(app.client.client_id)).toMatchObject({ machineAccess: false, machineAccessRequested: true });

    const on = await machineAccess(app.client.client_id, true);
    expect(on.machineAccess).toBe(true);
    const t = await machineToken(app);
    expect(await gatewayStatus(t.access_token)).toBe(200);
    // The OAuth screen's numbers: the sign-in grant and the machine grant, with their live tokens.
    const listed = await grants(app.client.client_id);
    expect(listed.map((g) => g.kind).sort()).toEqual(['machine', 'sign-in']);
    expect(listed.find((g) => g.kind === 'machine')!.accessTokens).toBe(1);
    expect(await summary(app.client.client_id)).toMatchObject({ activeGrants: 2, machineAccess: true });
    expect((await summary(app.client.client_id)).liveTokens).toBeGreaterThanOrEqual(3); // code-flow access + refresh, machine access
  });

  it('revoking the machine grant ends its tokens at the gateway within a second and turns machine access off', async () => {
    const app = await registerMachineApp('machine grant app');
    await signInCode(app);
    await machineAccess(app.client.client_id, true);
    const t = await machineToken(app);
    expect(await gatewayStatus(t.access_token)).toBe(200);
    const machine = (await grants(app.client.client_id)).find((g) => g.kind === 'machine')!;
    await adminApi(fx.serve, fx.cookie, 'oauth.grants.revoke', { grantId: machine.grantId });
    await refusedWithinASecond([t.access_token]);
    expect(await oauthError(machineToken(app))).toBe('unauthorized_client');
    expect((await summary(app.client.client_id)).machineAccess).toBe(false);
  });

  it('revoking a sign-in grant ends its access and refresh tokens at once', async () => {
    const app = await registerMachineApp('sign-in grant app');
    const tokens = await signInCode(app);
    expect(await gatewayStatus(tokens.access_token)).toBe(200);
    const signInGrant = (await grants(app.client.client_id)).find((g) => g.kind === 'sign-in')!;
    expect(signInGrant).toMatchObject({ accessTokens: 1, refreshTokens: 1 });
    await adminApi(fx.serve, fx.cookie, 'oauth.grants.revoke', { grantId: signInGrant.grantId });
    await refusedWithinASecond([tokens.access_token]);
    expect(await oauthError(refresh(app, tokens.refresh_token!))).toBe('invalid_grant');
  });

  it('"revoke all" from the CLI ends every token, client_credentials included, within a second, and counts them', async () => {
    const app = await registerMachineApp('revoke-all app');
    const tokens = await signInCode(app);
    await machineAccess(app.client.client_id, true);
    const machineTokens = [(await machineToken(app)).access_token, (await machineToken(app)).access_token];
    for (const t of [tokens.access_token, ...machineTokens]) expect(await gatewayStatus(t)).toBe(200);

    const out = (await fx.serve.cli(['oauth', 'grants', 'revoke-all', app.client.client_id])) as { revoked: number; tokens: number };
    expect(out.revoked).toBe(2);
    expect(out.tokens).toBe(4); // two machine JWTs, the sign-in's JWT and its refresh token
    await refusedWithinASecond([tokens.access_token, ...machineTokens]);
    expect(await oauthError(refresh(app, tokens.refresh_token!))).toBe('invalid_grant');
    expect(await oauthError(machineToken(app))).toBe('unauthorized_client');
    expect(await summary(app.client.client_id)).toMatchObject({ activeGrants: 0, liveTokens: 0, machineAccess: false });
  });

  it('disabling a client ends everything; enabling it again brings no old token back', async () => {
    const app = await registerMachineApp('disabled app');
    const tokens = await signInCode(app);
    await machineAccess(app.client.client_id, true);
    const m = (await machineToken(app)).access_token;
    await adminApi(fx.serve, fx.cookie, 'oauth.clients.update', { clientId: app.client.client_id, disabled: true });
    await refusedWithinASecond([tokens.access_token, m]);
    expect(await oauthError(refresh(app, tokens.refresh_token!))).toBe('invalid_client');

    await adminApi(fx.serve, fx.cookie, 'oauth.clients.update', { clientId: app.client.client_id, disabled: false });
    expect(await gatewayStatus(tokens.access_token)).toBe(401);
    expect(await gatewayStatus(m)).toBe(401);
    expect(await oauthError(refresh(app, tokens.refresh_token!))).toBe('invalid_grant');
    expect(await oauthError(machineToken(app))).toBe('unauthorized_client');
    expect(await summary(app.client.client_id)).toMatchObject({ machineAccess: false, activeGrants: 0, disabled: false });
  });

  it('the CLI turns machine access on and off; a client created with --grant client_credentials has it from the start', async () => {
    const app = await registerMachineApp('cli machine app');
    await signInCode(app);
    const on = (await fx.serve.cli(['oauth', 'clients', 'update', app.client.client_id, '--machine-access', 'on'])) as Summary;
    expect(on.machineAccess).toBe(true);
    const t = (await machineToken(app)).access_token;
    expect(await gatewayStatus(t)).toBe(200);
    await fx.serve.cli(['oauth', 'clients', 'update', app.client.client_id, '--machine-access', 'off']);
    await refusedWithinASecond([t]);

    const svc = (await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything'])) as { client_id: string };
    expect((await summary(svc.client_id)).machineAccess).toBe(true);
    // A public client, or one that never asked for client_credentials, cannot have it.
    const pub = (await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'pub', '--public', '--redirect-uri', fx.rx.uri])) as { client_id: string };
    await expect(machineAccess(pub.client_id, true)).rejects.toThrow(/public client .*no secret/);
  });

  it('the consent page says plainly whether the app gets access without anyone signing in', async () => {
    const app = await registerMachineApp('Standing access app');
    const p = await pkce();
    await fx.page.goto(authorizeUrl(fx.serve, {
      client_id: app.client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
    }));
    expect(fx.page.url()).toContain('/admin/consent/');
    const text = await fx.page.locator('main').innerText();
    expect(text).toMatch(/also asked for machine access.*without anyone signing in/is);
    expect(text).toMatch(/Allowing this sign-in does not turn it on/i);
    expect(text).toMatch(/keeps access .*until you revoke it/i);
    await expectAccessible(fx.page, 'consent page asking for machine access');
    await fx.page.setViewportSize({ width: 1280, height: 800 });
    await fx.page.screenshot({ path: join(RESULTS, 'consent-machine-access.png') });
    await fx.page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(fx.page, 'consent page asking for machine access (dark)');
    await fx.page.screenshot({ path: join(RESULTS, 'consent-machine-access-dark.png') });
    await fx.page.emulateMedia({ colorScheme: 'light' });

    // Once the admin turned it on, the page says that it has it.
    await machineAccess(app.client.client_id, true);
    const p2 = await pkce();
    await fx.page.goto(authorizeUrl(fx.serve, {
      client_id: app.client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: p2.challenge, code_challenge_method: 'S256',
    }));
    expect(await fx.page.locator('main').innerText()).toMatch(/already has machine access.*without anyone signing in/is);
  });
});
