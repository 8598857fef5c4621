// What the AS must refuse, and how: replayed, foreign, expired or unverified codes,
// PKCE downgrades, redirect_uri variants (an error page, never a redirect), unknown
// resources, refresh token reuse; and CIMD through its SSRF guard. Needs a build first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { ENGINES, serveEngines } from './engine-serve';
import { adminApi, authorizeInBrowser, authorizeUrl, insecure, oauthError, openServeStore, pkce, redirectReceiver, registerPublicClient, signedInServe } from './oauth-harness';

const certs = tmpDir('gatehouse-cimd-cert-');
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(certs.dir, 'key.pem'), '-out', join(certs.dir, 'cert.pem'),
], { stdio: 'ignore' });

// One certificate for both engines' runs: removed after the last (not in a run's afterAll).
afterAll(() => certs.cleanup());
const engines = serveEngines();

describe.each(ENGINES)('OAuth AS: refusals (%s)', (engine) => {
  const fx = signedInServe(engines, engine, { env: { NODE_EXTRA_CA_CERTS: join(certs.dir, 'cert.pem') } });
  let a: oauth.Client;
  let b: oauth.Client;
  const none = oauth.None();

  const codeFor = async (client: oauth.Client, extra: Record<string, string> = {}) => {
    const p = await pkce();
    const cb = await authorizeInBrowser(fx.page, authorizeUrl(fx.serve, {
      client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256', ...extra,
    }), fx.rx);
    return { params: oauth.validateAuthResponse(fx.serve.as, client, cb, oauth.expectNoState), verifier: p.verifier };
  };
  const exchange = (client: oauth.Client, params: URLSearchParams, verifier: string) =>
    oauth.authorizationCodeGrantRequest(fx.serve.as, client, none, params, fx.rx.uri, verifier, insecure).then((r) => oauth.processAuthorizationCodeResponse(fx.serve.as, client, r));
  const refresh = (client: oauth.Client, rt: string) =>
    oauth.refreshTokenGrantRequest(fx.serve.as, client, none, rt, insecure).then((r) => oauth.processRefreshTokenResponse(fx.serve.as, client, r));
  const introspect = async (token: string) => {
    const rs = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'rs', '--grant', 'client_credentials']) as { client_id: string; client_secret: string };
    const c = { client_id: rs.client_id };
    return oauth.processIntrospectionResponse(fx.serve.as, c, await oauth.introspectionRequest(fx.serve.as, c, oauth.ClientSecretBasic(rs.client_secret), token, insecure));
  };

  beforeAll(async () => {
    const mk = async (name: string) => ({ client_id: ((await fx.serve.cli(['oauth', 'clients', 'create', '--name', name, '--public', '--redirect-uri', fx.rx.uri])) as { client_id: string }).client_id });
    a = await mk('A');
    b = await mk('B');
  });

  it('a code used twice: the second fails and the tokens from the first are revoked', async () => {
    const { params, verifier } = await codeFor(a);
    const first = await exchange(a, params, verifier);
    expect(await oauthError(exchange(a, params, verifier))).toBe('invalid_grant');
    expect((await introspect(first.access_token)).active).toBe(false);
    expect(await oauthError(refresh(a, first.refresh_token!))).toBe('invalid_grant');
  });

  it('a missing or wrong code_verifier, and another client\'s code', async () => {
    const one = await codeFor(a);
    const res = await fetch(fx.serve.as.token_endpoint!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: a.client_id, code: one.params.get('code')!, redirect_uri: fx.rx.uri }),
    });
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
    const two = await codeFor(a);
    expect(await oauthError(exchange(a, two.params, oauth.generateRandomCodeVerifier()))).toBe('invalid_grant');
    const three = await codeFor(a);
    expect(await oauthError(exchange(b, three.params, three.verifier))).toBe('invalid_grant');
  });

  it('plain PKCE and a request without code_challenge are refused', async () => {
    const base = { client_id: a.client_id, redirect_uri: fx.rx.uri, response_type: 'code', resource: fx.serve.resource() };
    const variants: Record<string, string>[] = [{ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }, {}];
    for (const extra of variants) {
      const res = await fetch(authorizeUrl(fx.serve, { ...base, ...extra }), { redirect: 'manual' });
      const location = new URL(res.headers.get('location') ?? '', fx.serve.issuer);
      expect(`${location.origin}${location.pathname}`).toBe(fx.rx.uri);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('redirect_uri variants get an error page, never a redirect; loopback IP ports may vary', async () => {
    const w = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'web', '--redirect-uri', 'https://app.example.com/cb']) as { client_id: string };
    const p = await pkce();
    const ask = (client: string, redirect_uri: string) =>
      fetch(authorizeUrl(fx.serve, { client_id: client, redirect_uri, response_type: 'code', resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256' }), { redirect: 'manual' });
    for (const variant of [
      'https://app.example.com/cb/extra',
      'https://app.example.com/cb?x=1',
      'https://app.example.com/CB',
      'https://APP.example.com/cb',
      'https://good@evil.example/cb',
      'https://app.example.com@evil.example/cb',
      'https://app.example.com:8443/cb',
    ]) {
      const res = await ask(w.client_id, variant);
      expect(res.status, variant).toBe(400);
      expect(res.headers.get('location'), variant).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('This sign-in cannot continue');
    }
    const otherPort = new URL(fx.rx.uri);
    otherPort.port = String(Number(otherPort.port) === 65535 ? 1024 : Number(otherPort.port) + 1);
    const ok = await ask(a.client_id, otherPort.href);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toContain('/admin/consent/');
  });

  it('a client registered by DCR (no application_type) may vary loopback IP ports too, and nothing else', async () => {
    const rx2 = await redirectReceiver(); // the same /cb path on another port
    try {
      const port = new URL(fx.rx.uri).port;
      const otherPort = new URL(rx2.uri).port;
      const client = await registerPublicClient(fx.serve, 'DCR loopback app', [fx.rx.uri, `http://[::1]:${port}/cb`, `http://localhost:${port}/cb`, 'https://dcr.example.com/cb']);
      // The response is what was stored: still 'web'. The port allowance does not hang on it.
      expect(client.application_type).toBe('web');

      const p0 = await pkce();
      const ask = (redirect_uri: string) =>
        fetch(authorizeUrl(fx.serve, { client_id: client.client_id, redirect_uri, response_type: 'code', resource: fx.serve.resource(), code_challenge: p0.challenge, code_challenge_method: 'S256' }), { redirect: 'manual' });
      for (const allowed of [rx2.uri, `http://[::1]:${otherPort}/cb`, `http://localhost:${port}/cb`, 'https://dcr.example.com/cb']) {
        const res = await ask(allowed);
        expect(res.status, allowed).toBe(303);
        expect(res.headers.get('location'), allowed).toContain('/admin/consent/');
      }
      for (const variant of [
        `http://localhost:${otherPort}/cb`,
        'https://dcr.example.com:8443/cb',
        `http://127.0.0.1:${otherPort}/CB`,
        `http://127.0.0.1:${otherPort}/cb?x=1`,
        `http://127.0.0.1:${otherPort}/cb/extra`,
        `http://user@127.0.0.1:${otherPort}/cb`,
        `https://127.0.0.1:${otherPort}/cb`,
      ]) {
        const res = await ask(variant);
        expect(res.status, variant).toBe(400);
        expect(res.headers.get('location'), variant).toBeNull();
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text()).toContain('This sign-in cannot continue');
      }

      // A whole sign-in on another 127.0.0.1 port; the token request names that same URI.
      const p = await pkce();
      const authorize = (verifier: { challenge: string }) => authorizeUrl(fx.serve, {
        client_id: client.client_id, redirect_uri: rx2.uri, response_type: 'code', scope: 'mcp:everything',
        resource: fx.serve.resource(), code_challenge: verifier.challenge, code_challenge_method: 'S256',
      });
      const params = oauth.validateAuthResponse(fx.serve.as, client, await authorizeInBrowser(fx.page, authorize(p), rx2), oauth.expectNoState);
      const tokens = await oauth.processAuthorizationCodeResponse(fx.serve.as, client,
        await oauth.authorizationCodeGrantRequest(fx.serve.as, client, none, params, rx2.uri, p.verifier, insecure));
      expect(tokens.access_token).toBeTruthy();
      // Remembered consent does not reach a port the client never registered (RFC 8252 §8.6):
      // asked again there; on the registered URI it applies, and that code is redeemed only
      // with the URI it was sent to, port included.
      await fx.page.goto(authorize(await pkce()));
      expect(fx.page.url()).toContain('/admin/consent/');
      const p2 = await pkce();
      const registered = authorizeUrl(fx.serve, {
        client_id: client.client_id, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
        resource: fx.serve.resource(), code_challenge: p2.challenge, code_challenge_method: 'S256',
      });
      const again = oauth.validateAuthResponse(fx.serve.as, client, await authorizeInBrowser(fx.page, registered, fx.rx, null), oauth.expectNoState);
      expect(await oauthError(oauth.processAuthorizationCodeResponse(fx.serve.as, client,
        await oauth.authorizationCodeGrantRequest(fx.serve.as, client, none, again, rx2.uri, p2.verifier, insecure)))).toBe('invalid_grant');
    } finally {
      await rx2.close();
    }
  });

  it('an unknown resource is invalid_target', async () => {
    const p = await pkce();
    const res = await fetch(authorizeUrl(fx.serve, {
      client_id: a.client_id, redirect_uri: fx.rx.uri, response_type: 'code', resource: `${fx.serve.gatewayBase}nope`,
      code_challenge: p.challenge, code_challenge_method: 'S256',
    }), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
    const svc = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything']) as { client_id: string; client_secret: string };
    const c = { client_id: svc.client_id };
    // `localhost` and `[::1]` spell the gateway's URL too (one resource, oauth-resource-servers.test.ts); another address does not.
    for (const resource of [`${fx.serve.gatewayBase}nope`, `${fx.serve.gatewayBase}everything/`, fx.serve.resource().replace('127.0.0.1', '127.0.0.2')]) {
      const r = await oauth.clientCredentialsGrantRequest(fx.serve.as, c, oauth.ClientSecretBasic(svc.client_secret), { resource }, insecure);
      expect(await oauthError(oauth.processClientCredentialsResponse(fx.serve.as, c, r)), resource).toBe('invalid_target');
    }
  });

  it('refresh token reuse revokes the whole family', async () => {
    const { params, verifier } = await codeFor(a);
    const t0 = await exchange(a, params, verifier);
    const t1 = await refresh(a, t0.refresh_token!);
    expect(await oauthError(refresh(a, t0.refresh_token!))).toBe('invalid_grant');
    expect(await oauthError(refresh(a, t1.refresh_token!))).toBe('invalid_grant');
    expect((await introspect(t1.access_token)).active).toBe(false);
  });

  // The code's lifetime is the setting's, stored with the code; its end is then brought
  // forward in the store (as the clock passing it would), so no test waits out a TTL.
  it('an expired code is refused', async () => {
    await adminApi(fx.serve, fx.cookie, 'oauth.settings.update', { authorizationCodeTtlSeconds: 7 });
    const { params, verifier } = await codeFor(b);
    await adminApi(fx.serve, fx.cookie, 'oauth.settings.update', { authorizationCodeTtlSeconds: 60 });
    const store = openServeStore(fx.serve);
    try {
      const code = store.sql.get<{ id: string; ttl: number }>("SELECT id, expires_at - created_at AS ttl FROM oauth_models WHERE model = 'AuthorizationCode' ORDER BY created_at DESC LIMIT 1")!;
      expect(code.ttl).toBe(7000);
      store.sql.run("UPDATE oauth_models SET expires_at = ? WHERE model = 'AuthorizationCode' AND id = ?", [Date.now() - 1, code.id]);
    } finally {
      store.close();
    }
    expect(await oauthError(exchange(b, params, verifier))).toBe('invalid_grant');
  });

  it('a code within its lifetime is accepted (the refusal above is the expiry, not the code)', async () => {
    const { params, verifier } = await codeFor(b);
    expect((await exchange(b, params, verifier)).access_token).toBeTruthy();
  });

  it('CIMD: refused on loopback by the SSRF guard, then allowed by the admin setting, with the localhost warning', async () => {
    const docs = createServer({ key: readFileSync(join(certs.dir, 'key.pem')), cert: readFileSync(join(certs.dir, 'cert.pem')) }, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' }).end(JSON.stringify(doc));
    });
    await new Promise<void>((r) => docs.listen(0, '127.0.0.1', r));
    const clientId = `https://localhost:${(docs.address() as AddressInfo).port}/client.json`;
    const doc = { client_id: clientId, client_name: 'CIMD app', redirect_uris: [fx.rx.uri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
    const client = { client_id: clientId };
    const p = await pkce();
    const url = authorizeUrl(fx.serve, {
      client_id: clientId, redirect_uri: fx.rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
    });
    try {
      const refused = await fetch(url, { redirect: 'manual' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();

      await adminApi(fx.serve, fx.cookie, 'oauth.settings.update', { cimdAllowPrivateAddresses: true });
      const cbPromise = fx.rx.next();
      await fx.page.goto(url);
      await expect.poll(() => fx.page.locator('.warn').textContent()).toContain('Any program on this machine could pretend to be it');
      await fx.page.getByRole('button', { name: 'Allow' }).click();
      const params = oauth.validateAuthResponse(fx.serve.as, client, await cbPromise, oauth.expectNoState);
      const tokens = await oauth.processAuthorizationCodeResponse(fx.serve.as, client,
        await oauth.authorizationCodeGrantRequest(fx.serve.as, client, none, params, fx.rx.uri, p.verifier, insecure));
      expect(tokens.access_token).toBeTruthy();
      const listed = await adminApi<{ clients: { clientId: string; method: string }[] }>(fx.serve, fx.cookie, 'oauth.clients.list', {});
      expect(listed.clients.find((c) => c.clientId === clientId)?.method).toBe('cimd');
    } finally {
      await new Promise((r) => docs.close(r));
    }
  });

  it('CIMD: a metadata document with a redirect URI that is not https or loopback is refused before any consent', async () => {
    const docs = createServer({ key: readFileSync(join(certs.dir, 'key.pem')), cert: readFileSync(join(certs.dir, 'cert.pem')) }, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' }).end(JSON.stringify(doc));
    });
    await new Promise<void>((r) => docs.listen(0, '127.0.0.1', r));
    const clientId = `https://localhost:${(docs.address() as AddressInfo).port}/evil.json`;
    const doc = { client_id: clientId, client_name: 'CIMD evil', redirect_uris: ['http://evil.example/cb'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'] };
    try {
      await adminApi(fx.serve, fx.cookie, 'oauth.settings.update', { cimdAllowPrivateAddresses: true });
      const p = await pkce();
      const res = await fetch(authorizeUrl(fx.serve, {
        client_id: clientId, redirect_uri: 'http://evil.example/cb', response_type: 'code', scope: 'mcp:everything',
        resource: fx.serve.resource(), code_challenge: p.challenge, code_challenge_method: 'S256',
      }), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const page = await res.text();
      expect(page).toContain('invalid_redirect_uri');
      expect(page).toMatch(/only https URLs, or http on 127\.0\.0\.1, \[::1\] or localhost/);
      const listed = await adminApi<{ clients: { clientId: string }[] }>(fx.serve, fx.cookie, 'oauth.clients.list', {});
      expect(listed.clients.some((c) => c.clientId === clientId)).toBe(false);
    } finally {
      await new Promise((r) => docs.close(r));
    }
  });
});
