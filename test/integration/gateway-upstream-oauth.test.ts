// Gatehouse as an OAuth client of a remote upstream: gateway B signs in to gateway A's
// authorization server (discovery from A's 401 → RFC 9728 → RFC 8414, DCR, PKCE, consent
// clicked in Chromium), keeps the tokens sealed in its vault, and relays MCP calls to A
// with them; the SDK refreshes them when A refuses the access token.
import { execFileSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import type { UpstreamAuthStatus } from '../../src-preload/contract';
import { ENGINES, serveEngines, servedHome } from './engine-serve';
import { EVERYTHING, GATEHOUSE, type TestHome } from './guard-harness';
import { launchBrowser, signIn, type Serve } from './oauth-harness';
import type { Serving } from './serve-harness';
import { storeHolds } from './store-at-rest';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The parts of the oauth harness's Serve that signIn uses. */
const asServe = (s: Serving) => ({ issuer: s.base, adminUrl: s.adminUrl }) as Serve;
const cli = (home: TestHome, args: string[]) => execFileSync(process.execPath, [GATEHOUSE, ...args], { env: home.env(), encoding: 'utf8' });
const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  // A: server-everything over HTTP, OAuth only (no API keys).
  const A = servedHome(engines, engine, [{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }], (a) => {
    a.core.exposure.set('everything', { exposed: true, acceptApiKeys: false });
    return {};
  });
  // B: A's endpoint as a remote server with OAuth to the upstream, exposed with API keys.
  const B = servedHome(engines, engine, [], (b) => {
    b.core.servers.add({ transport: 'http', name: 'upstream', url: `${A.serve.gatewayBase}everything`, headers: {}, auth: 'oauth' });
    b.core.exposure.set('upstream', { exposed: true, acceptApiKeys: true });
    return { key: b.newKey('laptop', [{ effect: 'allow', pattern: 'upstream:*' }]) };
  });

  /** An admin API call at B, as B's signed-in admin page makes it. */
  async function adminB<T>(method: string, input: unknown): Promise<T> {
    const r = await B.serve.admin<T>(method, input);
    if (r.error) throw new Error(`${method}: ${r.error.message}`);
    return r.data!;
  }

  async function mcpClient(): Promise<Client> {
    const c = new Client({ name: 'upstream-oauth-test', version: '1.0.0' });
    await c.connect(
      new StreamableHTTPClientTransport(new URL(`${B.serve.gatewayBase}upstream`), { requestInit: { headers: { Authorization: `Bearer ${B.key.secret}` } } }),
    );
    return c;
  }

  function storedTokens(): { access_token: string; refresh_token?: string } {
    const row = B.home.core.sql.get<{ server_id: string; tokens_sealed: Buffer | null }>('SELECT server_id, tokens_sealed FROM upstream_oauth');
    if (!row?.tokens_sealed) throw new Error('no tokens stored');
    return JSON.parse(B.home.core.vault.open(row.tokens_sealed, `upstream_oauth.tokens_sealed:${row.server_id}`).toString('utf8')) as {
      access_token: string;
      refresh_token?: string;
    };
  }

  describe('remote upstream with OAuth to its own authorization server', () => {
    it('refuses calls with a clear message until the admin signs in', async () => {
      const s = await adminB<UpstreamAuthStatus>('servers.oauth.status', { name: 'upstream' });
      expect(s).toMatchObject({ state: 'signed_out', redirectUri: `${B.serve.base}/admin/upstream-callback` });
      await expect(mcpClient()).rejects.toThrow(/the upstream needs the admin to sign in: open Gatehouse → Servers → upstream → Connect/);
    });

    it('signs in (CLI connect → DCR + PKCE at A → Allow in Chromium → B callback), relays calls, keeps tokens sealed', async () => {
      // The CLI prints the URL; `serve` (B) receives the callback.
      const started = JSON.parse(cli(B.home, ['servers', 'connect', 'upstream', '--json'])) as UpstreamAuthStatus;
      expect(started.state).toBe('waiting');
      const authUrl = new URL(started.authorizationUrl!);
      expect(authUrl.origin).toBe(A.serve.base); // discovered A's AS from A's 401
      expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authUrl.searchParams.get('redirect_uri')).toBe(`${B.serve.base}/admin/upstream-callback`);
      expect(authUrl.searchParams.get('resource')).toBe(`${A.serve.gatewayBase}everything`);
      // DCR happened at A: A knows a client named Gatehouse with B's callback.
      const clientId = authUrl.searchParams.get('client_id')!;
      const reg = A.home.core.sql.get('SELECT name, method FROM oauth_client_meta WHERE client_id = ?', [clientId]);
      expect(reg).toEqual({ name: 'Gatehouse', method: 'dcr' });

      const ctxA = await browser.newContext();
      await signIn(ctxA, asServe(A.serve));
      const page = await ctxA.newPage();
      await page.goto(authUrl.href);
      expect(page.url()).toContain('/admin/consent/');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((u) => u.href.startsWith(`${B.serve.base}/admin/upstream-callback`));
      await page.waitForLoadState('load');
      expect(await page.locator('h1').textContent(), await page.content()).toBe('Connected — you can close this tab');
      await ctxA.close();

      const s = await adminB<UpstreamAuthStatus>('servers.oauth.status', { name: 'upstream' });
      expect(s).toMatchObject({ state: 'connected', refreshable: true, error: null });
      expect(Date.parse(s.expiresAt!)).toBeGreaterThan(Date.now());

      const c = await mcpClient();
      const tools = (await c.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
      const r = await c.callTool({ name: 'echo', arguments: { message: 'via oauth upstream' } });
      expect(JSON.stringify(r.content)).toContain('via oauth upstream');
      await c.close();

      // A saw the OAuth client Gatehouse B registered; B saw its own API key.
      await expect.poll(() => queryAudit(A.home.core.sql, { tool: 'echo', limit: 5 }).events[0], { timeout: 3000 }).toMatchObject({
        principalType: 'oauth_client',
        principalId: clientId,
        decision: 'allowed',
      });
      await expect.poll(() => queryAudit(B.home.core.sql, { tool: 'echo', limit: 5 }).events[0], { timeout: 3000 }).toMatchObject({ principalId: B.key.id, server: 'upstream' });

      // The tokens are sealed: neither appears in B's store in plain text (the upstream's URL, not secret, does).
      const tokens = storedTokens();
      expect(tokens.access_token.length).toBeGreaterThan(20);
      expect(tokens.refresh_token?.length).toBeGreaterThan(10);
      expect(storeHolds(B.home, `${A.serve.gatewayBase}everything`)).toBe(true);
      expect(storeHolds(B.home, tokens.access_token)).toBe(false);
      expect(storeHolds(B.home, tokens.refresh_token!)).toBe(false);

      expect(cli(B.home, ['servers', 'list'])).toMatch(/upstream\s+http\s+\S+\s+oauth: connected \(token until .*refreshable\)/);
    }, 60_000);

    it('refreshes through the SDK when A refuses the access token', async () => {
      // What A answers for an expired token (401 invalid_token) is what it answers for this one:
      // the SDK calls provider.tokens(), refreshes with the refresh token, saves the new tokens.
      const before = storedTokens();
      const row = B.home.core.sql.get<{ server_id: string }>('SELECT server_id FROM upstream_oauth')!;
      const broken = { ...before, access_token: 'not-a-valid-token-anymore' };
      B.home.core.sql.run('UPDATE upstream_oauth SET tokens_sealed = ? WHERE server_id = ?', [
        B.home.core.vault.seal(JSON.stringify(broken), `upstream_oauth.tokens_sealed:${row.server_id}`),
        row.server_id,
      ]);

      const c = await mcpClient();
      const r = await c.callTool({ name: 'echo', arguments: { message: 'after refresh' } });
      expect(JSON.stringify(r.content)).toContain('after refresh');
      await c.close();
      const after = storedTokens();
      expect(after.access_token).not.toBe('not-a-valid-token-anymore');
      expect(after.refresh_token).not.toBe(before.refresh_token); // A rotates refresh tokens
    });

    it('disconnect forgets the tokens: calls need a sign-in again', async () => {
      const s = await adminB<UpstreamAuthStatus>('servers.oauth.disconnect', { name: 'upstream' });
      expect(s.state).toBe('signed_out');
      expect(B.home.core.sql.get<{ tokens_sealed: Buffer | null }>('SELECT tokens_sealed FROM upstream_oauth')!.tokens_sealed).toBeNull();
      // A client of the 2026-07-28 era connects statelessly (server/discover may be answered
      // before any call reaches the upstream); its calls, or its connect, need the sign-in.
      const refusal = await mcpClient().then(
        (c) => c.callTool({ name: 'echo', arguments: { message: 'after disconnect' } }).then(() => 'answered', (e: Error) => e.message),
        (e: Error) => e.message,
      );
      expect(refusal).toMatch(/the upstream needs the admin to sign in/);
    });

    it('refuses a callback whose state it did not issue, without redirecting', async () => {
      const res = await fetch(`${B.serve.base}/admin/upstream-callback?code=x&state=forged`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Sign-in failed');
    });
  });
});
