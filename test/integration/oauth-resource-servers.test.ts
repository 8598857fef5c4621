// One resource under every loopback spelling of the gateway's URL, and self-hosted
// resource servers (MCP servers Gatehouse does not front) registered by URL: a real
// `gatehouse serve`, oauth4webapi as the strict client, the consent page in Chromium.
import * as oauth from 'oauth4webapi';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, serveEngines } from './engine-serve';
import { authorizeInBrowser, authorizeUrl, insecure, launchBrowser, pkce, redirectReceiver, signIn, startServe, type Serve } from './oauth-harness';

let serve: Serve;
let browser: Browser;
let page: Page;
let rx: Awaited<ReturnType<typeof redirectReceiver>>;
let client: oauth.Client;
const auth = () => oauth.ClientSecretBasic(secret);
let secret: string;

/** A code + PKCE sign-in for `resource`, answered Allow in the browser; the token response. */
async function signInFor(resource: string, scope: string): Promise<oauth.TokenEndpointResponse> {
  const { verifier, challenge } = await pkce();
  const url = authorizeUrl(serve, { client_id: client.client_id, redirect_uri: rx.uri, response_type: 'code', scope, resource, code_challenge: challenge, code_challenge_method: 'S256' });
  const cb = await authorizeInBrowser(page, url, rx);
  const params = oauth.validateAuthResponse(serve.as, client, cb, oauth.expectNoState);
  const res = await oauth.authorizationCodeGrantRequest(serve.as, client, auth(), params, rx.uri, verifier, { ...insecure, additionalParameters: { resource } });
  return oauth.processAuthorizationCodeResponse(serve.as, client, res);
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { aud: string; scope: string };

async function introspect(token: string, id: string, pass: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(serve.as.introspection_endpoint!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${id}:${pass}`).toString('base64')}` },
    body: new URLSearchParams({ token }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function toolsList(url: string, token: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });
}

const engines = serveEngines();

// Each engine's run has its own serve, browser and client in the variables above.
describe.each(ENGINES)('on %s', (engine) => {
  beforeAll(async () => {
    [serve, browser, rx] = await Promise.all([engines.databaseUrl(engine).then((url) => startServe({}, url)), launchBrowser(), redirectReceiver()]);
    const ctx = await browser.newContext();
    await signIn(ctx, serve);
    page = await ctx.newPage();
    await serve.cli(['servers', 'expose', 'everything', '--api-keys']);
    await serve.cli(['servers', 'expose', 'other']);
    const created = (await serve.cli(['oauth', 'clients', 'create', '--name', 'Strict app', '--redirect-uri', rx.uri])) as { client_id: string; client_secret: string };
    client = { client_id: created.client_id };
    secret = created.client_secret;
  });
  afterAll(async () => {
    await browser?.close();
    await rx?.close();
    await serve?.stop();
  });

  describe('loopback spellings of a gateway URL', () => {
    it('are one resource: metadata names the URL the client used, the token is for what it asked, the gateway takes it under each spelling', async () => {
      const port = new URL(serve.issuer).port;
      const spelled = `http://localhost:${port}/mcp/everything`;
      const md = (await (await fetch(`http://localhost:${port}/.well-known/oauth-protected-resource/mcp/everything`)).json()) as { resource: string; authorization_servers: string[] };
      expect(md.resource).toBe(spelled);
      expect(md.authorization_servers).toEqual([serve.issuer]);

      const tokens = await signInFor(spelled, 'mcp:everything');
      expect(claimsOf(tokens.access_token).aud).toBe(spelled);
      // serve listens on 127.0.0.1; localhost reaches it too ([::1] does not here, but is the same resource).
      for (const url of [spelled, serve.resource()]) {
        const res = await toolsList(url, tokens.access_token);
        expect(res.status, url).toBe(200);
        await res.body?.cancel();
      }
      const other = await toolsList(`http://localhost:${port}/mcp/other`, tokens.access_token);
      expect(other.status).toBe(401); // another resource, whatever the spelling
    });
  });

  describe('a self-hosted resource server', () => {
    const rsUrl = 'http://127.0.0.1:8931/mcp';
    let rs: { clientId: string; client_secret: string; scope: string; url: string };

    it('is registered by URL with the CLI, and gets credentials that can introspect and do nothing else', async () => {
      rs = (await serve.cli(['oauth', 'resources', 'add', rsUrl, '--name', 'notes'])) as typeof rs;
      expect(rs).toMatchObject({ url: rsUrl, scope: 'mcp:notes' });
      expect(rs.client_secret).toMatch(/^ghs_/);
      const list = (await serve.cli(['oauth', 'resources', 'list'])) as { name: string; url: string }[];
      expect(list.map((r) => [r.name, r.url])).toEqual([['notes', rsUrl]]);
      // No grant type: its credentials get no token of their own.
      const cc = await oauth.clientCredentialsGrantRequest(serve.as, { client_id: rs.clientId }, oauth.ClientSecretBasic(rs.client_secret), new URLSearchParams({ scope: 'mcp:notes', resource: rsUrl }), insecure);
      expect(cc.status).toBe(400);
      await expect(serve.cli(['oauth', 'resources', 'add', 'http://localhost:8931/mcp', '--name', 'again'])).rejects.toThrow(/already registered as notes/);
      await expect(serve.cli(['oauth', 'resources', 'add', 'http://example.com/mcp', '--name', 'plain'])).rejects.toThrow(/plain http is only for loopback/);
      await expect(serve.cli(['oauth', 'resources', 'add', 'https://n.example/mcp', '--name', 'everything'])).rejects.toThrow(/everything is a server Gatehouse fronts/);
    });

    it('gets tokens through the normal sign-in (aud = its URL, scope mcp:<name>) that its credentials introspect, and no other', async () => {
      const tokens = await signInFor(rsUrl, 'mcp:notes');
      expect(claimsOf(tokens.access_token)).toMatchObject({ aud: rsUrl, scope: 'mcp:notes' });
      const mine = await introspect(tokens.access_token, rs.clientId, rs.client_secret);
      expect(mine.body).toMatchObject({ active: true, aud: rsUrl, scope: 'mcp:notes', client_id: client.client_id });

      const gatewayToken = await signInFor(serve.resource(), 'mcp:everything');
      expect((await introspect(gatewayToken.access_token, rs.clientId, rs.client_secret)).body).toEqual({ active: false });
      expect((await introspect(tokens.access_token, rs.clientId, 'ghs_wrong')).status).toBe(401);
      // The gateway does not take a token meant for the resource server.
      expect((await toolsList(serve.resource(), tokens.access_token)).status).toBe(401);
    });

    it('once removed: its credentials stop working and no token is issued for it', async () => {
      const tokens = await signInFor(rsUrl, 'mcp:notes');
      await serve.cli(['oauth', 'resources', 'remove', 'notes']);
      // The CLI is another process: serve sees its commit within the change clock's 100 ms
      // (on PostgreSQL, when the change feed's notification arrives), and then everywhere at
      // once (credentials, the resource list).
      await expect.poll(async () => (await introspect(tokens.access_token, rs.clientId, rs.client_secret)).status, { timeout: 2000, interval: 50 }).toBe(401);
      const { challenge } = await pkce();
      const cb = rx.next();
      await page.goto(authorizeUrl(serve, { client_id: client.client_id, redirect_uri: rx.uri, response_type: 'code', scope: 'mcp:notes', resource: rsUrl, code_challenge: challenge, code_challenge_method: 'S256' }));
      expect((await cb).searchParams.get('error')).toBe('invalid_target');
    });
  });
});
