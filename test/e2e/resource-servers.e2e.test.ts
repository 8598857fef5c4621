// OAuth → Resource servers → Self-hosted MCP servers: register one by URL (credentials
// shown once), its URL becomes the snippets' audience, rotate its secret, remove it; with
// the keyboard, axe in light and dark, and screenshots at 1280×800.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmin, visible, type Admin } from './admin-harness';

let admin: Admin;
beforeAll(async () => {
  admin = await startAdmin('resource-servers');
  admin.cli(['servers', 'add', 'everything', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
}, 60_000);
afterAll(async () => {
  await admin?.close();
});

describe('self-hosted MCP servers on the OAuth screen', () => {
  it('registers a server by URL and shows its introspection credentials once', async () => {
    const page = admin.page;
    await admin.open('/oauth?tab=resource-servers', 'OAuth');
    await visible(page.getByRole('heading', { name: 'Self-hosted MCP servers' }));
    await visible(page.getByText('None registered.'));
    await page.getByRole('button', { name: 'Register server' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('MCP endpoint URL').fill('http://example.com/mcp');
    await page.getByLabel('Name').fill('notes');
    await page.keyboard.press('Enter');
    await visible(page.getByText(/plain http is only for loopback/));
    await page.getByLabel('MCP endpoint URL').fill('http://127.0.0.1:8001/mcp');
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { name: 'Registered notes' }));
    const secret = (await page.getByTestId('new-client-secret').textContent()) ?? '';
    expect(secret).toMatch(/ghs_[A-Za-z0-9_-]{20,}/);
    const issuer = admin.ready.issuer;
    await visible(page.getByText(`${issuer}/oauth/introspect`).first());
    await admin.expectAccessible('resource server credentials');
    await admin.shot('oauth-self-hosted-registered.png');
    await page.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row', { name: /notes/ });
    await visible(row.getByText('http://127.0.0.1:8001/mcp'));
    await visible(row.getByText('mcp:notes'));
    const listed = admin.cli<{ name: string; url: string }[]>(['oauth', 'resources', 'list', '--json']);
    expect(listed.map((r) => [r.name, r.url])).toEqual([['notes', 'http://127.0.0.1:8001/mcp']]);
  });

  it('uses its URL as the audience of the snippets, in light and dark', async () => {
    const page = admin.page;
    await page.getByLabel('Server (sets the audience)').selectOption('notes');
    await visible(page.getByTestId('audience').getByText('http://127.0.0.1:8001/mcp'));
    expect(await page.getByTestId('snippet-py').textContent()).toContain('AUDIENCE = "http://127.0.0.1:8001/mcp"');
    expect(await page.getByTestId('snippet-ts').textContent()).toContain("audience: 'http://127.0.0.1:8001/mcp'");
    await admin.expectAccessible('resource servers with a self-hosted server');
    await admin.shot('oauth-self-hosted.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await admin.expectAccessible('resource servers with a self-hosted server (dark)');
    await admin.shot('oauth-self-hosted-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('rotates its secret (shown once) and removes it', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: 'Rotate secret of notes' }).click();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await visible(page.getByRole('heading', { name: 'New secret for notes' }));
    expect((await page.getByTestId('new-client-secret').textContent()) ?? '').toMatch(/ghs_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Remove notes' }).click();
    await page.getByRole('button', { name: 'Remove server' }).click();
    await visible(page.getByText('None registered.'));
    expect(admin.cli<unknown[]>(['oauth', 'resources', 'list', '--json'])).toEqual([]);
  });
});
