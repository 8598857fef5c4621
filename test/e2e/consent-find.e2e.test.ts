// Item 4 of issue 15 end to end: a sign-in waiting for consent finds the admin. A badge
// on the sidebar's OAuth item and an item on Overview; under `gatehouse serve` the waiting
// page says where to answer (the admin page, `gatehouse admin-link`), and once that link
// signs this browser in, the page shows Allow and Deny itself; a request whose tab was
// closed leaves the list (GATEHOUSE_CONSENT_ABANDON_SECONDS shortens the wait here).
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { redirectReceiver } from '../integration/oauth-harness';
import { expectAccessible, RESULTS, ROOT, useAdmin, visible } from './admin-harness';
import { authorizeUrl, registerClient } from './oauth-urls';

const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
let issuer = '';
let clientId = '';
let rx: Awaited<ReturnType<typeof redirectReceiver>>;
let userBrowser: BrowserContext;
const admin = useAdmin('consent-find', {
  env: { GATEHOUSE_CONSENT_ABANDON_SECONDS: '6' },
  setup: async () => {
    issuer = admin.ready.issuer.replace(/\/$/, '');
    admin.cli(['servers', 'add', 'everything', '--command', process.execPath, '--arg', ECHO]);
    admin.cli(['servers', 'expose', 'everything']);
    rx = await redirectReceiver();
    clientId = (await registerClient(issuer, 'Cursor', rx.uri)).client_id;
    // The user's browser: a profile of its own, not signed in to the admin page.
    userBrowser = await admin.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  },
});

const authorizeHref = (state: string) => authorizeUrl(issuer, { clientId, redirectUri: rx.uri, state });

const badge = () => admin.page.getByRole('navigation', { name: 'Main' }).getByTestId('consent-badge');
const pendingCount = async () => (await admin.api<unknown[]>('oauth.consents.pending')).length;

describe('Consent that finds the admin', () => {
  afterAll(async () => {
    await userBrowser?.close();
    await rx?.close();
  });

  it('says on the waiting page where to answer under serve', async () => {
    const tab = await userBrowser.newPage();
    await tab.goto(authorizeHref('first'));
    await visible(tab.getByRole('heading', { name: 'Waiting for approval in Gatehouse' }));
    await visible(tab.getByRole('link', { name: 'OAuth → Pending consent' }));
    await visible(tab.getByText('gatehouse admin-link'));
    expect(await tab.getByText('Open the Gatehouse window').count()).toBe(0);
    expect(await tab.locator('link[rel="icon"]').count()).toBe(1);
    await expectAccessible(tab, 'waiting page (serve)');
    await tab.screenshot({ path: join(RESULTS, 'consent-waiting-serve.png') });
    await tab.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(tab, 'waiting page (serve, dark)');
    await tab.screenshot({ path: join(RESULTS, 'consent-waiting-serve-dark.png') });
  });

  it('shows a badge on the OAuth item and an item on Overview', async () => {
    await admin.open('/', 'Overview');
    const page = admin.page;
    await expect.poll(async () => (await badge().count()) ? await badge().textContent() : null, { timeout: 15_000 }).toBe('1');
    await visible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^OAuth\s*, 1 sign-in waits for your answer$/ }));
    const item = page.getByRole('list', { name: 'Warnings' }).getByRole('listitem').filter({ hasText: 'Cursor waits for your answer to sign in (everything).' });
    await visible(item);
    await admin.lightAndDark('overview with a waiting sign-in', 'consent-overview');
    await item.getByRole('link', { name: 'Answer' }).click();
    await visible(page.getByRole('list', { name: 'Pending consent requests' }).getByText('Cursor'));
    expect(page.url()).toContain('tab=consents');
  });

  it('shows Allow and Deny on the waiting page once a new admin link signs that browser in', async () => {
    const [tab] = userBrowser.pages();
    const link = admin.cli<{ admin_url: string; expires_at: string }>(['admin-link']);
    expect(link.admin_url.startsWith(`${issuer}/admin/login?token=`)).toBe(true);
    const signIn = await userBrowser.newPage();
    await signIn.goto(link.admin_url);
    await signIn.getByRole('navigation', { name: 'Main' }).waitFor();
    await signIn.close();
    // The waiting tab notices the session on its next poll and shows the form.
    await visible(tab!.getByRole('button', { name: 'Allow' }));
    await tab!.emulateMedia({ colorScheme: 'light' });
    await tab!.screenshot({ path: join(RESULTS, 'consent-signed-in.png') });
    const answered = rx.next();
    await tab!.getByRole('button', { name: 'Allow' }).click();
    expect((await answered).searchParams.get('state')).toBe('first');
    await expect.poll(pendingCount).toBe(0);
    await badge().waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('drops a request from the list when its tab is closed', async () => {
    const other = await admin.browser.newContext();
    try {
      const tab = await other.newPage();
      await tab.goto(authorizeHref('closed'));
      await visible(tab.getByRole('heading', { name: 'Waiting for approval in Gatehouse' }));
      await expect.poll(pendingCount).toBe(1);
      await visible(badge());
      await tab.close();
      // No tab asks about it any more: it leaves the list (and the badge) on its own.
      await expect.poll(pendingCount, { timeout: 30_000, interval: 500 }).toBe(0);
      await badge().waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await other.close();
    }
  });
});
