// The OAuth screen shows what each client holds between sign-ins (issue 11, observation
// 2): a client that registered itself with client_credentials shows machine access off;
// the admin turns it on from the keyboard (the dialog says what that means), its machine
// token then works at the gateway and is counted; the grants list shows the machine
// grant with its tokens, and revoking it ends the token at the gateway within a second.
// Axe on every view; screenshots light and dark.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialize } from '../integration/gateway-initialize';
import { ROOT, useAdmin, visible } from './admin-harness';
import { registerClient } from './oauth-urls';

const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');

let issuer: string;
let app: { client_id: string; client_secret: string };
let machineToken = '';
const admin = useAdmin('standing-access', {
  setup: async () => {
    issuer = admin.ready.issuer.replace(/\/$/, '');
    admin.cli(['servers', 'add', 'everything', '--command', process.execPath, '--arg', ECHO]);
    admin.cli(['servers', 'expose', 'everything']);
    app = await registerClient<typeof app>(issuer, 'Nightly job', 'http://127.0.0.1:9/cb', {
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    await admin.api('oauth.clients.update', { clientId: app.client_id, rules: [{ effect: 'allow', pattern: 'everything:*' }] });
  },
});

const clientRow = () => admin.page.getByRole('table', { name: 'OAuth clients' }).getByRole('row').filter({ hasText: 'Nightly job' });
const openTab = (label: string) => admin.page.getByRole('navigation', { name: 'OAuth sections' }).getByRole('link', { name: label }).click();

async function clientCredentials(): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${issuer}/mcp/everything` }),
  });
  const body = (await res.json()) as { access_token?: string };
  return { status: res.status, token: body.access_token };
}

describe('OAuth screen: standing access', () => {
  it('a DCR client that asked for client_credentials shows machine access off, and gets no token', async () => {
    expect((await clientCredentials()).status).toBe(400);
    await admin.open('/oauth', 'OAuth');
    await visible(clientRow().getByText('Machine access: off'));
    await visible(clientRow().getByText('0 grants · 0 live tokens'));
    await admin.expectAccessible('clients with machine access off');
  });

  it('the admin turns it on from the keyboard; the dialog says what it means; the token works and is counted', async () => {
    const page = admin.page;
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await clientRow().getByRole('button', { name: 'Actions for Nightly job' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Turn on machine access' }).waitFor();
    for (let i = 0; i < 5 && (await focused()) !== 'Turn on machine access'; i++) await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Turn on machine access');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Turn on machine access for “Nightly job”?' });
    await visible(dialog.getByText(/without anyone signing in/));
    await admin.expectAccessible('turn on machine access dialog');
    await admin.shot('oauth-machine-access-dialog.png');
    // Cancel has the focus (nothing happens by a stray Enter); Tab reaches the action.
    for (let i = 0; i < 3 && (await focused()) !== 'Turn on'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Turn on');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await visible(clientRow().getByText('Machine access: on'));

    const got = await clientCredentials();
    expect(got.status).toBe(200);
    machineToken = got.token!;
    expect((await initialize(`${issuer}/mcp/everything`, machineToken)).status).toBe(200);
    await admin.open('/oauth', 'OAuth');
    await visible(clientRow().getByText('1 grant · 1 live token'));
    await admin.expectAccessible('clients with machine access on');
    await admin.shot('oauth-standing-access.png');
  });

  it('the grants list shows the machine grant; revoking it ends the token at the gateway within a second', async () => {
    await admin.open('/oauth', 'OAuth');
    const page = admin.page;
    await openTab('Grants and tokens');
    const group = page.getByRole('region', { name: 'Nightly job' });
    await visible(group.getByText('Machine access without sign-in'));
    await admin.lightAndDark('grants with a machine grant', 'oauth-grants-machine');

    await group.getByRole('button', { name: 'Revoke grant for machine access of Nightly job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke machine access?' });
    await visible(dialog.getByText(/1 machine access token stops working now/));
    await dialog.getByRole('button', { name: 'Revoke grant' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await initialize(`${issuer}/mcp/everything`, machineToken)).status, { timeout: 1000, interval: 50 }).toBe(401);
    expect((await clientCredentials()).status).toBe(400);
    await openTab('Clients');
    await visible(clientRow().getByText('Machine access: off'));
  });
});
