// The consent step answered outside the consent page, as a desktop user does: the system
// browser that started the sign-in has no admin session, so it shows a page that waits;
// the admin answers through the admin API (what the window calls) or the CLI (another
// process), and the waiting page finishes on its own. Real `gatehouse serve`, Chromium,
// oauth4webapi. Needs a build first.
import * as oauth from 'oauth4webapi';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, serveEngines } from './engine-serve';
import { adminApi, insecure, openConsent, openServeStore, signedInServe } from './oauth-harness';

interface Pending {
  uid: string;
  clientId: string;
  decision: 'allow' | 'deny' | null;
}

const engines = serveEngines();

describe.each(ENGINES)('OAuth AS: consent answered in the window or the CLI (%s)', (engine) => {
  const fx = signedInServe(engines, engine);
  let client: oauth.Client;
  const contexts: BrowserContext[] = [];

  /** A browser profile of its own: no admin session, no interaction cookie. */
  const freshPage = async (): Promise<Page> => {
    const ctx = await fx.browser.newContext();
    contexts.push(ctx);
    return ctx.newPage();
  };
  const api = <T>(method: string, input: unknown) => adminApi<T>(fx.serve, fx.cookie, method, input);
  const apiError = (method: string, input: unknown) => api(method, input).then(() => '', (e: Error) => e.message);

  beforeAll(async () => {
    const created = await fx.serve.cli(['oauth', 'clients', 'create', '--name', 'Desk app', '--public', '--redirect-uri', fx.rx.uri]) as { client_id: string };
    client = { client_id: created.client_id, token_endpoint_auth_method: 'none' };
  });
  afterEach(async () => {
    // Consent is remembered per client: every test starts from a fresh request.
    await api('oauth.grants.revokeAll', { clientId: client.client_id });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  it('waits without an admin session, then continues on its own after Allow; the code exchanges for a token', async () => {
    const page = await freshPage();
    const { uid, verifier } = await openConsent(page, fx.serve, client.client_id, fx.rx.uri);
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

    const cb = fx.rx.next();
    const answer = await api<{ uid: string; clientId: string; decision: string; expiresAt: string }>('oauth.consents.approve', { uid });
    expect(answer).toMatchObject({ uid, clientId: client.client_id, decision: 'allow' });
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());

    // The page's poll (every 2 s) picks the answer up and finishes the sign-in.
    const params = oauth.validateAuthResponse(fx.serve.as, client, await cb, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      fx.serve.as, client, await oauth.authorizationCodeGrantRequest(fx.serve.as, client, oauth.None(), params, fx.rx.uri, verifier, insecure),
    );
    expect(tokens.scope).toBe('mcp:everything');
    const claims = await oauth.validateJwtAccessToken(
      fx.serve.as, new Request(fx.serve.resource(), { headers: { Authorization: `Bearer ${tokens.access_token}` } }), fx.serve.resource(), insecure,
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
    const { uid } = await openConsent(page, fx.serve, client.client_id, fx.rx.uri);
    const listed = await fx.serve.cli(['oauth', 'consents', 'list']) as Pending[];
    expect(listed.find((p) => p.uid === uid)).toMatchObject({ clientId: client.client_id, decision: null });

    const cb = fx.rx.next();
    expect(await fx.serve.cli(['oauth', 'consents', 'deny', uid])).toMatchObject({ uid, decision: 'deny' });
    const url = await cb;
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('iss')).toBe(fx.serve.issuer);
    expect(url.searchParams.get('code')).toBeNull();
    const audit = await api<{ events: { action: string; actor: string | null; decision: string | null }[] }>('audit.query', { principalId: client.client_id });
    expect(audit.events.find((e) => e.action === 'oauth.consent')).toMatchObject({ actor: 'cli', decision: 'denied' });
  });

  it('an unknown, malformed or expired request gets a clear error', async () => {
    expect(await apiError('oauth.consents.approve', { uid: 'A'.repeat(21) })).toMatch(/no pending sign-in request A{21}: it expired .*or it never existed/);
    expect(await apiError('oauth.consents.approve', { uid: 'x' })).toMatch(/not a sign-in request id/);

    const page = await freshPage();
    const { uid } = await openConsent(page, fx.serve, client.client_id, fx.rx.uri);
    const store = openServeStore(fx.serve);
    try {
      store.sql.run("UPDATE oauth_models SET expires_at = ? WHERE model = 'Interaction' AND id = ?", [Date.now() - 1000, uid]);
    } finally {
      store.close();
    }
    expect(await apiError('oauth.consents.approve', { uid })).toMatch(/no pending sign-in request .*expired/);
  });

  it('only the browser that started the sign-in can finish it', async () => {
    const started = await freshPage();
    const { uid, verifier } = await openConsent(started, fx.serve, client.client_id, fx.rx.uri);
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
    const cb = fx.rx.next();
    await api('oauth.consents.approve', { uid });
    await refused();

    // The answer was not spent by the other browser: the one that started it continues.
    const params = oauth.validateAuthResponse(fx.serve.as, client, await cb, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      fx.serve.as, client, await oauth.authorizationCodeGrantRequest(fx.serve.as, client, oauth.None(), params, fx.rx.uri, verifier, insecure),
    );
    expect(tokens.access_token).toBeTruthy();
  });

  it('a POST from the waiting browser cannot answer; a signed-in admin still answers on the page itself', async () => {
    const waiting = await freshPage();
    const first = await openConsent(waiting, fx.serve, client.client_id, fx.rx.uri);
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

    const page = await fx.page.context().newPage(); // the admin's signed-in browser
    await openConsent(page, fx.serve, client.client_id, fx.rx.uri);
    const cb = fx.rx.next();
    await page.getByRole('button', { name: 'Deny' }).click();
    expect((await cb).searchParams.get('error')).toBe('access_denied');
    await page.close();
  });
});
