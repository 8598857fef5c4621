// The consent step answered outside the consent page, as a desktop user does: the system
// browser that started the sign-in has no admin session, so it shows a page that waits;
// the admin answers through the admin API (what the window calls) or the CLI (another
// process), and the waiting page finishes on its own. Real `gatehouse serve`, Chromium,
// oauth4webapi. Needs a build first.
import * as oauth from 'oauth4webapi';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, serveEngines } from './engine-serve';
import { adminApi, insecure, launchBrowser, openConsent, openServeStore, redirectReceiver, signIn, startServe, type Serve } from './oauth-harness';

interface Pending {
  uid: string;
  clientId: string;
  decision: 'allow' | 'deny' | null;
}

const engines = serveEngines();

describe.each(ENGINES)('OAuth AS: consent answered in the window or the CLI (%s)', (engine) => {
  let serve: Serve;
  let browser: Browser;
  let cookie: string;
  let rx: Awaited<ReturnType<typeof redirectReceiver>>;
  let client: oauth.Client;
  const contexts: BrowserContext[] = [];

  /** A browser profile of its own: no admin session, no interaction cookie. */
  const freshPage = async (): Promise<Page> => {
    const ctx = await browser.newContext();
    contexts.push(ctx);
    return ctx.newPage();
  };
  const api = <T>(method: string, input: unknown) => adminApi<T>(serve, cookie, method, input);
  const apiError = (method: string, input: unknown) => api(method, input).then(() => '', (e: Error) => e.message);

  beforeAll(async () => {
    [serve, browser, rx] = await Promise.all([engines.databaseUrl(engine).then((url) => startServe({}, url)), launchBrowser(), redirectReceiver()]);
    const adminCtx = await browser.newContext();
    contexts.push(adminCtx);
    cookie = await signIn(adminCtx, serve);
    const created = await serve.cli(['oauth', 'clients', 'create', '--name', 'Desk app', '--public', '--redirect-uri', rx.uri]) as { client_id: string };
    client = { client_id: created.client_id, token_endpoint_auth_method: 'none' };
  });
  afterEach(async () => {
    // Consent is remembered per client: every test starts from a fresh request.
    await api('oauth.grants.revokeAll', { clientId: client.client_id });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await rx?.close();
    await serve?.stop();
  });

  it('waits without an admin session, then continues on its own after Allow; the code exchanges for a token', async () => {
    const page = await freshPage();
    const { uid, verifier } = await openConsent(page, serve, client.client_id, rx.uri);
    await page.getByRole('heading', { name: 'Waiting for approval in Gatehouse' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Desk app');
    expect(text).toContain('use tools of everything');
    // Under serve: the admin page, or a new sign-in link for this browser.
    expect(text).toContain('OAuth → Pending consent');
    expect(text).toContain('gatehouse admin-link');
    expect(await page.getByRole('button', { name: 'Allow' }).count()).toBe(0);
    const csp = (await page.request.get(page.url())).headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'nonce-[\w-]+'/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");

    const pending = await api<Pending[]>('oauth.consents.pending', {});
    expect(pending.find((p) => p.uid === uid)).toMatchObject({ clientId: client.client_id, decision: null });

    const cb = rx.next();
    const answer = await api<{ uid: string; clientId: string; decision: string; expiresAt: string }>('oauth.consents.approve', { uid });
    expect(answer).toMatchObject({ uid, clientId: client.client_id, decision: 'allow' });
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());

    // The page's poll (every 2 s) picks the answer up and finishes the sign-in.
    const params = oauth.validateAuthResponse(serve.as, client, await cb, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      serve.as, client, await oauth.authorizationCodeGrantRequest(serve.as, client, oauth.None(), params, rx.uri, verifier, insecure),
    );
    expect(tokens.scope).toBe('mcp:everything');
    const claims = await oauth.validateJwtAccessToken(
      serve.as, new Request(serve.resource(), { headers: { Authorization: `Bearer ${tokens.access_token}` } }), serve.resource(), insecure,
    );
    expect(claims.client_id).toBe(client.client_id);

    // Taken once: the request has left the list, and a second answer finds nothing to answer.
    expect((await api<Pending[]>('oauth.consents.pending', {})).some((p) => p.uid === uid)).toBe(false);
    expect(await apiError('oauth.consents.deny', { uid })).toMatch(/no pending sign-in request|already answered/);
    const audit = await api<{ events: { action: string; actor: string | null; decision: string | null; principalId: string | null }[] }>('audit.query', { principalId: client.client_id });
    expect(audit.events.filter((e) => e.action === 'oauth.consent')).toEqual([
      expect.objectContaining({ actor: 'admin-web', decision: 'allowed', principalId: client.client_id }),
    ]);
  });

  it('Deny from the CLI (another process) sends access_denied to the client', async () => {
    const page = await freshPage();
    const { uid } = await openConsent(page, serve, client.client_id, rx.uri);
    const listed = await serve.cli(['oauth', 'consents', 'list']) as Pending[];
    expect(listed.find((p) => p.uid === uid)).toMatchObject({ clientId: client.client_id, decision: null });

    const cb = rx.next();
    expect(await serve.cli(['oauth', 'consents', 'deny', uid])).toMatchObject({ uid, decision: 'deny' });
    const url = await cb;
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('iss')).toBe(serve.issuer);
    expect(url.searchParams.get('code')).toBeNull();
    const audit = await api<{ events: { action: string; actor: string | null; decision: string | null }[] }>('audit.query', { principalId: client.client_id });
    expect(audit.events.find((e) => e.action === 'oauth.consent')).toMatchObject({ actor: 'cli', decision: 'denied' });
  });

  it('an unknown, malformed or expired request gets a clear error', async () => {
    expect(await apiError('oauth.consents.approve', { uid: 'A'.repeat(21) })).toMatch(/no pending sign-in request A{21}: it expired .*or it never existed/);
    expect(await apiError('oauth.consents.approve', { uid: 'x' })).toMatch(/not a sign-in request id/);

    const page = await freshPage();
    const { uid } = await openConsent(page, serve, client.client_id, rx.uri);
    const store = openServeStore(serve);
    try {
      store.sql.run("UPDATE oauth_models SET expires_at = ? WHERE model = 'Interaction' AND id = ?", [Date.now() - 1000, uid]);
    } finally {
      store.close();
    }
    expect(await apiError('oauth.consents.approve', { uid })).toMatch(/no pending sign-in request .*expired/);
  });

  it('only the browser that started the sign-in can finish it', async () => {
    const started = await freshPage();
    const { uid, verifier } = await openConsent(started, serve, client.client_id, rx.uri);
    const consentUrl = started.url();

    // Another browser (no interaction cookie): the existing error, before and after the answer.
    const other = await freshPage();
    const refused = async () => {
      const res = await other.goto(consentUrl);
      expect(res?.status()).toBe(400);
      expect(await other.locator('main').textContent()).toContain('expired or was started in another browser');
      const poll = await other.request.get(`${consentUrl}?poll=1`);
      expect(poll.headers()['content-type']).toContain('text/html');
    };
    await refused();
    const cb = rx.next();
    await api('oauth.consents.approve', { uid });
    await refused();

    // The answer was not spent by the other browser: the one that started it continues.
    const params = oauth.validateAuthResponse(serve.as, client, await cb, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      serve.as, client, await oauth.authorizationCodeGrantRequest(serve.as, client, oauth.None(), params, rx.uri, verifier, insecure),
    );
    expect(tokens.access_token).toBeTruthy();
  });

  it('a POST from the waiting browser cannot answer; a signed-in admin still answers on the page itself', async () => {
    const waiting = await freshPage();
    const first = await openConsent(waiting, serve, client.client_id, rx.uri);
    // Same origin, the interaction cookie, but no admin session: refused.
    const refused = await waiting.evaluate(async () => {
      const res = await fetch(location.pathname, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'decision=allow&csrf=x' });
      return { status: res.status, text: await res.text() };
    });
    expect(refused.status).toBe(401);
    // Under serve there is no window: the refusal names the admin page and the sign-in link.
    expect(refused.text).toContain('Answer on the Gatehouse admin page');
    expect(refused.text).toContain('gatehouse admin-link');
    expect(refused.text).not.toContain('Gatehouse window');
    expect((await api<Pending[]>('oauth.consents.pending', {})).some((p) => p.uid === first.uid)).toBe(true);

    const page = await contexts[0]!.newPage();
    await openConsent(page, serve, client.client_id, rx.uri);
    const cb = rx.next();
    await page.getByRole('button', { name: 'Deny' }).click();
    expect((await cb).searchParams.get('error')).toBe('access_denied');
    await page.close();
  });
});
