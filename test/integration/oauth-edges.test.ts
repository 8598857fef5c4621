// OAuth edges (issue 11, observations 6, 7 and 8) against a real `gatehouse serve`, with
// oauth4webapi as the strict client and Chromium on the consent page: dynamic
// registration takes only https or loopback redirect URIs; a sign-in or a
// client_credentials request without `scope` gets the resource's mcp:<server>; the
// consent page loads no image from an origin the client chose. Needs a build first.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { initialize } from './gateway-initialize';
import { ENGINES, serveEngines } from './engine-serve';
import { authorizeInBrowser, authorizeUrl, insecure, pkce, signedInServe } from './oauth-harness';

const engines = serveEngines();

describe.each(ENGINES)('OAuth edges (%s)', (engine) => {
  const fx = signedInServe(engines, engine, { expose: ['everything'] });

  const register = (metadata: Record<string, unknown>) =>
    fetch(fx.serve.as.registration_endpoint!, {
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
      const res = await register({ redirect_uris: [fx.rx.uri] });
      const client = (await res.json()) as oauth.Client;
      const p = await pkce();
      const cb = await authorizeInBrowser(fx.page, authorizeUrl(fx.serve, {
        client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code',
        resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
      }), fx.rx);
      expect(cb.searchParams.get('error')).toBeNull();
      const params = oauth.validateAuthResponse(fx.serve.as, client, cb, oauth.expectNoState);
      const tokens = await oauth.processAuthorizationCodeResponse(fx.serve.as, client,
        await oauth.authorizationCodeGrantRequest(fx.serve.as, client, oauth.None(), params, fx.rx.uri, p.verifier, insecure));
      expect(tokens.scope).toBe('mcp:everything');
      expect((await initialize(fx.serve.resource(), tokens.access_token)).status).toBe(200);
    });

    it('a scope for another server than the resource is invalid_scope before any consent, for a sign-in and for client_credentials', async () => {
      const res = await register({ redirect_uris: [fx.rx.uri] });
      const client = (await res.json()) as oauth.Client;
      const p = await pkce();
      const answer = await fetch(authorizeUrl(fx.serve, {
        client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:other',
        resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
      }), { redirect: 'manual' });
      const location = new URL(answer.headers.get('location') ?? '', fx.serve.issuer);
      expect(location.pathname).not.toContain('/admin/consent/');
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('error_description')).toContain('mcp:other');

      const svc = (await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc2', '--grant', 'client_credentials', '--scope', 'mcp:everything', '--scope', 'mcp:other'])) as { client_id: string; client_secret: string };
      const c = { client_id: svc.client_id };
      const r = await oauth.clientCredentialsGrantRequest(fx.serve.as, c, oauth.ClientSecretBasic(svc.client_secret), { resource: fx.serve.resource(), scope: 'mcp:other' }, insecure);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBe('invalid_scope');
    });

    it('client_credentials without scope gets mcp:<server> and the gateway accepts the token', async () => {
      const svc = (await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything'])) as { client_id: string; client_secret: string };
      const c = { client_id: svc.client_id };
      const token = await oauth.processClientCredentialsResponse(fx.serve.as, c,
        await oauth.clientCredentialsGrantRequest(fx.serve.as, c, oauth.ClientSecretBasic(svc.client_secret), { resource: fx.serve.resource() }, insecure));
      expect(token.scope).toBe('mcp:everything');
      expect((await initialize(fx.serve.resource(), token.access_token)).status).toBe(200);
    });
  });

  it('the consent page fetches no image from the origin a client chose, and its CSP allows no image from anywhere', async () => {
    const res = await register({ redirect_uris: [fx.rx.uri], logo_uri: 'https://tracker.example/logo.png?who=admin' });
    const client = (await res.json()) as { client_id: string };
    const requested: string[] = [];
    fx.page.on('request', (r) => requested.push(r.url()));
    const p = await pkce();
    const response = await fx.page.goto(authorizeUrl(fx.serve, {
      client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
    }));
    expect(fx.page.url()).toContain('/admin/consent/');
    await expect.poll(() => fx.page.getByRole('button', { name: 'Allow' }).count()).toBe(1);
    expect(requested.filter((u) => u.includes('tracker.example'))).toEqual([]);
    expect(await fx.page.locator('img').count()).toBe(0);
    expect(await fx.page.content()).not.toContain('tracker.example');
    const csp = (await response!.request().frame().page().request.get(fx.page.url())).headers()['content-security-policy'] ?? '';
    const imgSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('img-src')) ?? '';
    // data: only: the inline favicon, which fetches nothing.
    expect(imgSrc).toBe('img-src data:');
    expect(await fx.page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    fx.page.removeAllListeners('request');
  });
});
