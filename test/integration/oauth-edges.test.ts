// OAuth edges (issue 11, observations 6, 7 and 8) against a real `gatehouse serve`, with
// oauth4webapi as the strict client and Chromium on the consent page: dynamic
// registration takes only https or loopback redirect URIs; a sign-in or a
// client_credentials request without `scope` gets the resource's mcp:<server>; the
// consent page loads no image from an origin the client chose. Needs a build first.
import * as oauth from 'oauth4webapi';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialize } from './gateway-initialize';
import { ENGINES, serveEngines } from './engine-serve';
import { authorizeInBrowser, authorizeUrl, insecure, launchBrowser, pkce, redirectReceiver, signIn, startServe, type Serve } from './oauth-harness';

const engines = serveEngines();

describe.each(ENGINES)('OAuth edges (%s)', (engine) => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let rx: Awaited<ReturnType<typeof redirectReceiver>>;

  beforeAll(async () => {
    [serve, browser, rx] = await Promise.all([engines.databaseUrl(engine).then((url) => startServe({}, url)), launchBrowser(), redirectReceiver()]);
    await serve.cli(['servers', 'expose', 'everything']);
    const ctx = await browser.newContext();
    await signIn(ctx, serve);
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await rx?.close();
    await serve?.stop();
  });

  const register = (metadata: Record<string, unknown>) =>
    fetch(serve.as.registration_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'edge app', grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none', ...metadata }),
    });

  describe('dynamic registration: redirect URIs are https or loopback (MCP authorization spec)', () => {
    const refused = [
      'http://evil.example/cb',
      'http://localhost.evil.example/cb',
      'http://127.0.0.1.nip.io/cb',
      'http://10.0.0.1/cb',
      'http://[::2]:8080/cb',
      'ftp://files.example/cb',
      'com.example.app:/oauth/cb',
      'javascript:alert(1)',
      'https://app.example/cb#frag',
      'not a url',
    ];
    for (const uri of refused) {
      it(`refuses ${uri} with invalid_redirect_uri and a description naming the rule`, async () => {
        const res = await register({ redirect_uris: ['https://ok.example/cb', uri] });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: string; error_description: string };
        expect(body.error).toBe('invalid_redirect_uri');
        expect(body.error_description).toContain('https');
        expect(body.error_description).toMatch(/127\.0\.0\.1.*\[::1\].*localhost/);
      });
    }

    it('accepts https and the three loopback spellings, with or without a port', async () => {
      const uris = ['https://app.example/cb', 'http://127.0.0.1/cb', 'http://127.0.0.1:43210/cb', 'http://[::1]:5000/cb', 'http://localhost:7777/callback'];
      const res = await register({ redirect_uris: uris });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { redirect_uris: string[] }).redirect_uris).toEqual(uris);
    });
  });

  describe('no scope: the resource\'s mcp:<server>', () => {
    it('a code sign-in without scope is asked about, allowed, and its token works at the gateway', async () => {
      const res = await register({ redirect_uris: [rx.uri] });
      const client = (await res.json()) as oauth.Client;
      const p = await pkce();
      const cb = await authorizeInBrowser(page, authorizeUrl(serve, {
        client_id: client.client_id, redirect_uri: rx.uri, response_type: 'code',
        resource: serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
      }), rx);
      expect(cb.searchParams.get('error')).toBeNull();
      const params = oauth.validateAuthResponse(serve.as, client, cb, oauth.expectNoState);
      const tokens = await oauth.processAuthorizationCodeResponse(serve.as, client,
        await oauth.authorizationCodeGrantRequest(serve.as, client, oauth.None(), params, rx.uri, p.verifier, insecure));
      expect(tokens.scope).toBe('mcp:everything');
      expect((await initialize(serve.resource(), tokens.access_token)).status).toBe(200);
    });

    it('a scope for another server than the resource is invalid_scope before any consent, for a sign-in and for client_credentials', async () => {
      const res = await register({ redirect_uris: [rx.uri] });
      const client = (await res.json()) as oauth.Client;
      const p = await pkce();
      const answer = await fetch(authorizeUrl(serve, {
        client_id: client.client_id, redirect_uri: rx.uri, response_type: 'code', scope: 'mcp:other',
        resource: serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
      }), { redirect: 'manual' });
      const location = new URL(answer.headers.get('location') ?? '', serve.issuer);
      expect(location.pathname).not.toContain('/admin/consent/');
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('error_description')).toContain('mcp:other');

      const svc = (await serve.cli(['oauth', 'clients', 'create', '--name', 'svc2', '--grant', 'client_credentials', '--scope', 'mcp:everything', '--scope', 'mcp:other'])) as { client_id: string; client_secret: string };
      const c = { client_id: svc.client_id };
      const r = await oauth.clientCredentialsGrantRequest(serve.as, c, oauth.ClientSecretBasic(svc.client_secret), { resource: serve.resource(), scope: 'mcp:other' }, insecure);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBe('invalid_scope');
    });

    it('client_credentials without scope gets mcp:<server> and the gateway accepts the token', async () => {
      const svc = (await serve.cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything'])) as { client_id: string; client_secret: string };
      const c = { client_id: svc.client_id };
      const token = await oauth.processClientCredentialsResponse(serve.as, c,
        await oauth.clientCredentialsGrantRequest(serve.as, c, oauth.ClientSecretBasic(svc.client_secret), { resource: serve.resource() }, insecure));
      expect(token.scope).toBe('mcp:everything');
      expect((await initialize(serve.resource(), token.access_token)).status).toBe(200);
    });
  });

  it('the consent page fetches no image from the origin a client chose, and its CSP allows no image from anywhere', async () => {
    const res = await register({ redirect_uris: [rx.uri], logo_uri: 'https://tracker.example/logo.png?who=admin' });
    const client = (await res.json()) as { client_id: string };
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const p = await pkce();
    const response = await page.goto(authorizeUrl(serve, {
      client_id: client.client_id, redirect_uri: rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
    }));
    expect(page.url()).toContain('/admin/consent/');
    await expect.poll(() => page.getByRole('button', { name: 'Allow' }).count()).toBe(1);
    expect(requested.filter((u) => u.includes('tracker.example'))).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.content()).not.toContain('tracker.example');
    const csp = (await response!.request().frame().page().request.get(page.url())).headers()['content-security-policy'] ?? '';
    const imgSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('img-src')) ?? '';
    // data: only: the inline favicon, which fetches nothing.
    expect(imgSrc).toBe('img-src data:');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    page.removeAllListeners('request');
  });
});
