// OAuth screen end to end against a real `gatehouse serve`: a confidential client
// created in the UI (secret shown once, then gone; the CLI sees it), disabled with its
// consequence spelled out; a client that registered itself through DCR listed as DCR;
// AS settings (a token lifetime saved; the signing key rotated, two keys listed); a
// pending consent request listed, allowed on the admin's own consent page and its grant
// revoked; a sign-in from a browser without the admin session waiting until Allow or
// Deny is clicked in the window; the resource-servers section with the fetched JWKS
// and verification snippets filled with the issuer and audience. Axe on every view,
// screenshots light and dark.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redirectReceiver } from '../integration/oauth-harness';
import { dismiss, expectAccessible, openDialog, RESULTS, ROOT, useAdmin, visible } from './admin-harness';
import { authorizeUrl, registerClient } from './oauth-urls';

const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');

interface CliClient {
  clientId: string;
  name: string;
  type: string;
  method: string;
  disabled: boolean;
}

let issuer: string;
const admin = useAdmin('oauth', {
  setup: () => {
    issuer = admin.ready.issuer.replace(/\/$/, '');
    admin.cli(['servers', 'add', 'everything', '--command', process.execPath, '--arg', ECHO]);
  },
});

/** An authorization request for `everything` (code + PKCE). */
function authorizeHref(state: string, clientId: string, redirectUri = 'http://127.0.0.1:9/cb'): string {
  return authorizeUrl(issuer, { clientId, redirectUri, state });
}

function clientRow(name: string) {
  return admin.page.getByRole('table', { name: 'OAuth clients' }).getByRole('row').filter({ hasText: name });
}

async function openTab(label: string) {
  await admin.page.getByRole('navigation', { name: 'OAuth sections' }).getByRole('link', { name: label }).click();
}

describe('OAuth screen', () => {
  it('shows the OAuth entry in the sidebar and an empty client list that says what to do', async () => {
    await admin.open('/oauth', 'OAuth');
    const page = admin.page;
    await visible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'OAuth' }));
    await visible(page.getByRole('heading', { name: 'No OAuth clients yet' }));
    await visible(page.getByRole('button', { name: 'Create client' }));
    await admin.expectAccessible('oauth clients empty');
    await admin.shot('oauth-clients-empty.png');
  });

  it('creates a confidential client and shows its secret once', async () => {
    await admin.open('/oauth', 'OAuth');
    const page = admin.page;
    const dialog = await openDialog(page, 'Create client', 'Create OAuth client');
    // Validation speaks where the problem is.
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await visible(dialog.getByText('Give the client a name.'));
    await visible(dialog.getByText('Sign-in in the browser needs at least one redirect URI.'));

    await dialog.getByLabel('Name', { exact: true }).fill('CI service');
    await dialog.getByLabel('Redirect URIs').fill('http://ci.example.com/cb');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await visible(dialog.getByText(/must use https/));
    await dialog.getByLabel('Redirect URIs').fill('https://ci.example.com/callback');
    await dialog.getByLabel(/As a service account/).check();
    await dialog.getByLabel('everything').check();
    await admin.expectAccessible('create client dialog');
    await admin.shot('oauth-client-create.png');
    await dialog.getByRole('button', { name: 'Create client' }).click();

    const done = page.getByRole('dialog', { name: 'Your new client secret' });
    await done.waitFor();
    const secret = (await done.getByTestId('new-client-secret').textContent())?.trim() ?? '';
    const clientId = (await done.getByTestId('new-client-id').textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThan(20);
    expect(clientId).toMatch(/^ghc_/);
    await visible(done.getByText('Copy this secret now. Gatehouse will not show it again.'));
    await visible(done.getByRole('button', { name: 'Copy client secret' }));
    await admin.expectAccessible('client secret once');
    await admin.shot('oauth-client-secret.png');
    // Esc closes it too; the secret leaves the page with the dialog.
    await dismiss(done);
    expect(await page.content()).not.toContain(secret);

    await visible(clientRow('CI service').getByText('Confidential'));
    await visible(clientRow('CI service').getByText('Manual'));
    const listed = admin.cli<CliClient[]>(['oauth', 'clients', 'list']);
    const mine = listed.find((c) => c.clientId === clientId);
    expect(mine).toMatchObject({ name: 'CI service', type: 'confidential', method: 'manual', disabled: false });
  });

  it('disables the client after spelling out the consequence', async () => {
    await admin.open('/oauth', 'OAuth');
    const page = admin.page;
    await clientRow('CI service').getByRole('button', { name: 'Actions for CI service' }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable “CI service”?' });
    await visible(dialog.getByText(/can no longer sign in or refresh tokens/));
    await admin.expectAccessible('disable dialog');
    await admin.shot('oauth-client-disable.png');
    await dialog.getByRole('button', { name: 'Disable client' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visible(clientRow('CI service').getByText('Disabled'));
    const listed = admin.cli<CliClient[]>(['oauth', 'clients', 'list']);
    expect(listed.find((c) => c.name === 'CI service')?.disabled).toBe(true);
  });

  it('lists a client that registered itself through DCR as DCR', async () => {
    const dcrClientId = (await registerClient(issuer, 'DCR test', 'http://127.0.0.1:9/cb')).client_id;
    await admin.open('/oauth', 'OAuth');
    const row = clientRow('DCR test');
    await visible(row.getByText('DCR', { exact: true }));
    await visible(row.getByText('Public'));
    await visible(row.getByText('127.0.0.1:9'));
    await admin.expectAccessible('oauth clients');
    await admin.shot('oauth-clients.png');

    // Edit: rules per server, the style of the key rules.
    await row.getByRole('button', { name: 'Actions for DCR test' }).click();
    await admin.page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Edit “DCR test”' });
    expect(await dialog.getByLabel('Redirect URIs').getAttribute('readonly')).not.toBeNull();
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    const patterns = dialog.getByRole('textbox', { name: /Pattern of rule/ });
    await patterns.last().fill('everything:pid');
    await dialog.getByRole('combobox', { name: /Effect of rule/ }).last().selectOption('deny');
    await admin.expectAccessible('edit client dialog');
    await admin.shot('oauth-client-edit.png');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const detail = await admin.api<{ rules: { effect: string; pattern: string }[] }>('oauth.clients.get', { clientId: dcrClientId });
    expect(detail.rules).toContainEqual({ effect: 'deny', pattern: 'everything:pid' });
  });

  it('changes a token lifetime and rotates the signing key', async () => {
    await admin.open('/oauth', 'OAuth');
    const page = admin.page;
    await openTab('Settings');
    await visible(page.getByRole('heading', { name: 'Token lifetimes' }));
    await visible(page.getByTestId('issuer').getByText(issuer));
    await page.getByRole('textbox', { name: 'Access token' }).fill('15');
    await page.getByRole('button', { name: 'Save lifetimes' }).click();
    await visible(page.getByText('Saved. New tokens use these lifetimes.'));
    await visible(page.getByText('now 15 min'));
    const view = await admin.api<{ accessTokenTtlSeconds: number; signingKeys: unknown[] }>('oauth.settings.get');
    expect(view.accessTokenTtlSeconds).toBe(900);

    const keys = page.getByRole('list', { name: 'Signing keys' }).getByRole('listitem');
    const before = await keys.count();
    await page.getByRole('button', { name: 'Rotate signing key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing key?' });
    await visible(dialog.getByText(/stays in the JWKS, verify only/));
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => keys.count()).toBe(Math.max(2, before + 1));
    await visible(keys.getByText('Signing'));
    await visible(keys.getByText('Verify only').first());

    // Private addresses for CIMD come with a warning.
    await page.getByRole('switch', { name: 'Allow fetches to private and loopback addresses' }).click();
    await visible(page.getByText(/make Gatehouse fetch URLs on your machine/));
    await page.getByRole('radio', { name: /With a registration token/ }).check();
    await visible(page.getByRole('button', { name: 'Create token' }));
    await admin.expectAccessible('oauth settings');
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await admin.shot('oauth-settings.png');

    // The registration token is shown once.
    await page.getByRole('button', { name: 'Create token' }).click();
    const tokenDialog = page.getByRole('dialog', { name: 'The new registration token' });
    const token = (await tokenDialog.getByTestId('new-client-secret').textContent())?.trim() ?? '';
    expect(token.length).toBeGreaterThan(20);
    await tokenDialog.getByRole('button', { name: 'Done' }).click();
    await tokenDialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(token);
    // Back to what the other tests expect.
    // The radio holds the choice from the click on; it does not flick back until the save answers.
    const heldAtOnce = await page.getByRole('radio', { name: /^Open/ }).evaluate((el: HTMLInputElement) => {
      el.click();
      return el.checked;
    });
    expect(heldAtOnce).toBe(true);
    await expect.poll(async () => (await admin.api<{ registration: string }>('oauth.settings.get')).registration).toBe('open');
    await page.getByRole('switch', { name: 'Allow fetches to private and loopback addresses' }).click();
    await expect.poll(async () => (await admin.api<{ registration: string; cimdAllowPrivateAddresses: boolean }>('oauth.settings.get')).cimdAllowPrivateAddresses).toBe(false);
  });

  it('lists a pending consent request, allowed on the consent page, then the grant it made, revocable', async () => {
    const page = admin.page;
    await admin.api('servers.expose', { name: 'everything', exposed: true });
    const clientId = (await registerClient(issuer, 'Consent test', 'http://127.0.0.1:9/cb')).client_id;
    await admin.open('/oauth', 'OAuth');

    // The admin's own browser starts the sign-in and shows the consent form.
    const browserTab = await admin.context.newPage();
    await browserTab.route('http://127.0.0.1:9/**', (r) => r.fulfill({ status: 200, body: 'callback reached' }));
    await browserTab.goto(authorizeHref('e2e-state', clientId));
    await browserTab.getByRole('button', { name: 'Allow' }).waitFor();

    await openTab('Pending consent');
    const request = page.getByRole('list', { name: 'Pending consent requests' }).getByRole('listitem');
    await visible(request.getByText('Consent test'));
    await visible(request.getByText('127.0.0.1:9'));
    await visible(request.getByRole('button', { name: 'Allow Consent test' }));
    await admin.expectAccessible('pending consent');
    await admin.shot('oauth-consents.png');

    await browserTab.getByRole('button', { name: 'Allow' }).click();
    await browserTab.waitForURL(/127\.0\.0\.1:9\/cb\?code=/);
    await browserTab.close();
    await visible(page.getByRole('heading', { name: 'No app is waiting for consent' }));

    await openTab('Grants and tokens');
    const group = page.getByRole('region', { name: 'Consent test' });
    await visible(group.getByText('everything'));
    await visible(group.getByText('Remembered'));
    await admin.expectAccessible('grants');
    await admin.shot('oauth-grants.png');
    await group.getByRole('button', { name: /^Revoke grant for everything/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this grant?' });
    await visible(dialog.getByText(/loses access to/));
    await dialog.getByRole('button', { name: 'Revoke grant' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visible(page.getByRole('heading', { name: 'No active grants' }));
    expect(await admin.api<{ grants: unknown[] }>('oauth.grants.list', { clientId })).toEqual({ grants: [], nextCursor: null });
  });

  it('answers a sign-in from a browser without the admin session in the window: Allow, then Deny', async () => {
    const page = admin.page;
    const rx = await redirectReceiver();
    const clientId = (await registerClient(issuer, 'Desk app', rx.uri)).client_id;
    // The system browser next to the desktop app: a profile of its own, without the admin session.
    const userBrowser = await admin.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    try {
      const tab = await userBrowser.newPage();
      // The waiting page's polls are held until the window has shown its answer.
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      await tab.route(/\/admin\/consent\/[\w-]+\?poll=1$/, async (r) => {
        await gate;
        await r.continue();
      });
      await tab.goto(authorizeHref('allow-state', clientId, rx.uri));
      await visible(tab.getByRole('heading', { name: 'Waiting for approval in Gatehouse' }));
      await visible(tab.getByText('Desk app'));
      await expectAccessible(tab, 'consent waiting page');
      await tab.screenshot({ path: join(RESULTS, 'oauth-consent-waiting.png') });

      await openTab('Pending consent');
      const request = page.getByRole('list', { name: 'Pending consent requests' }).getByRole('listitem').filter({ hasText: 'Desk app' });
      await visible(request.getByRole('button', { name: 'Deny Desk app' }));
      await admin.expectAccessible('pending consent, answered in the window');
      await admin.shot('oauth-consents-answer.png');
      await request.getByRole('button', { name: 'Allow Desk app' }).click();
      await visible(request.getByText('Allowed — the app’s browser tab will continue in a few seconds'));
      expect(await request.getByRole('button', { name: 'Allow Desk app' }).count()).toBe(0);
      await admin.shot('oauth-consents-allowed.png');

      const allowed = rx.next();
      release();
      const cb = await allowed;
      expect(cb.searchParams.get('code')).toBeTruthy();
      expect(cb.searchParams.get('iss')).toBe(admin.ready.issuer);
      expect(cb.searchParams.get('state')).toBe('allow-state');
      await visible(page.getByRole('heading', { name: 'No app is waiting for consent' }));

      // Consent is remembered: forget it, so the next sign-in asks again; then Deny.
      await admin.api('oauth.grants.revokeAll', { clientId });
      await tab.goto(authorizeHref('deny-state', clientId, rx.uri));
      await visible(tab.getByRole('heading', { name: 'Waiting for approval in Gatehouse' }));
      const refused = rx.next();
      await request.getByRole('button', { name: 'Deny Desk app' }).click();
      const denied = await refused;
      expect(denied.searchParams.get('error')).toBe('access_denied');
      expect(denied.searchParams.get('state')).toBe('deny-state');
      expect(denied.searchParams.get('code')).toBeNull();
      await visible(page.getByRole('heading', { name: 'No app is waiting for consent' }));
    } finally {
      await userBrowser.close();
      await rx.close();
    }
  });

  it('shows the JWKS and verification snippets with the issuer and audience filled in', async () => {
    await admin.open('/oauth', 'OAuth');
    const page = admin.page;
    await openTab('Resource servers');
    await visible(page.getByRole('heading', { name: 'Resource servers', level: 2 }));
    await visible(page.getByTestId('jwks-url').getByText(`${issuer}/oauth/jwks`));
    await visible(page.getByTestId('audience').getByText(`${issuer}/mcp/everything`));
    const jwksText = (await page.getByTestId('jwks').textContent()) ?? '';
    const pinned = JSON.parse(jwksText) as { keys: { kid: string; kty: string; alg?: string }[] };
    const live = (await (await fetch(`${issuer}/oauth/jwks`)).json()) as { keys: { kid: string }[] };
    expect(pinned.keys.map((k) => k.kid).sort()).toEqual(live.keys.map((k) => k.kid).sort());
    expect(pinned.keys.length).toBeGreaterThanOrEqual(2);
    expect(pinned.keys.every((k) => k.kty === 'EC')).toBe(true);

    const ts = (await page.getByTestId('snippet-ts').textContent()) ?? '';
    expect(ts).toContain(`createRemoteJWKSet(new URL('${issuer}/oauth/jwks'))`);
    expect(ts).toContain(`issuer: '${issuer}'`);
    expect(ts).toContain(`audience: '${issuer}/mcp/everything'`);
    expect(ts).toContain("typ: 'at+jwt'");
    expect(ts).toContain("algorithms: ['ES256']");
    const py = (await page.getByTestId('snippet-py').textContent()) ?? '';
    expect(py).toContain(`jwt.PyJWKClient("${issuer}/oauth/jwks")`);
    expect(py).toContain(`ISSUER = "${issuer}"`);
    expect(py).toContain(`AUDIENCE = "${issuer}/mcp/everything"`);
    expect(py).toContain('algorithms=["ES256"]');
    expect(py).toContain('at+jwt');
    await admin.expectAccessible('resource servers');
    await admin.shot('oauth-resource-servers.png');
    await page.getByRole('heading', { name: 'TypeScript (jose)' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('main')?.scrollBy(0, 300));
    await admin.shot('oauth-resource-servers-snippets.png');
  });

  it('follows a dark OS theme', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await admin.expectAccessible('resource servers (dark)');
    await admin.shot('oauth-resource-servers-dark.png');
    await openTab('Clients');
    await visible(clientRow('DCR test'));
    await admin.expectAccessible('oauth clients (dark)');
    await admin.shot('oauth-clients-dark.png');
    await openTab('Settings');
    await visible(page.getByRole('heading', { name: 'Signing keys' }));
    await admin.expectAccessible('oauth settings (dark)');
    await admin.shot('oauth-settings-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
