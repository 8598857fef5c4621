// Overview end to end against a temp HOME: Claude Desktop's servers protected with a key
// that expires in 3 days, a guard session making one allowed and one denied call; the
// screen shows the protected count, the last 24 h as numbers and a chart, and the
// expiring key as a warning. Then Claude Desktop "rewrites" its file with only
// preferences: the drifted config is a warning linking to Clients, where Re-apply
// puts the entries back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CreatedKey } from '../../src-preload/contract';
import { guardSession, useAdmin, visible } from './admin-harness';
import { claudeConfigPath, writeClaudeConfig, writePreferencesOnly } from './claude-fixture';

let configPath: string;
const admin = useAdmin('overview', {
  tempHome: true,
  setup: async () => {
    writeClaudeConfig(admin.home);
    configPath = claudeConfigPath(admin.home);
    const key = await admin.api<CreatedKey>('keys.create', {
      name: 'Laptop Claude',
      expiresInSeconds: 3 * 24 * 3600,
      rules: [{ effect: 'allow', pattern: 'filesystem:echo' }],
      rateLimit: null,
    });
    await admin.api('clients.protect', { client: 'claude-desktop', servers: ['filesystem', 'github'], keyId: key.key.id });
    const client = await guardSession(admin, 'filesystem', key.secret);
    try {
      await client.callTool({ name: 'echo', arguments: { message: 'hello' } });
      await client.callTool({ name: 'pid', arguments: {} }).catch(() => undefined);
    } finally {
      await client.close();
    }
  },
});

describe('Overview', () => {
  it('is the default screen, with protected servers per app, the last 24 h and an expiring key', async () => {
    const page = admin.page;
    await page.goto(new URL('/admin/', admin.ready.issuer).href);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const apps = page.getByRole('region', { name: 'Client apps' });
    await visible(apps.getByRole('listitem', { name: 'Claude Desktop' }).getByText('2 protected'));
    const activity = page.getByRole('region', { name: 'Last 24 hours' });
    await expect.poll(async () => Number(await activity.getByRole('definition').first().textContent())).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => Number(await activity.getByRole('definition').nth(1).textContent())).toBeGreaterThanOrEqual(1);
    await visible(activity.getByRole('img', { name: /Calls per hour over the last 24 hours/ }));
    const warnings = page.getByRole('list', { name: 'Warnings' });
    await visible(warnings.getByText(/Key Laptop Claude expires in 3 days/));
    await visible(warnings.getByRole('link', { name: 'Open API keys' }));
    // No first-run offer: a key exists.
    expect(await page.getByRole('region', { name: 'Protect Claude Desktop in two minutes' }).count()).toBe(0);
    await admin.lightAndDark('overview', 'overview');
  });

  it('warns about a drifted config and leads to Re-apply in Clients', async () => {
    const page = admin.page;
    writePreferencesOnly(admin.home);
    await admin.open('/', 'Overview');
    const warnings = page.getByRole('list', { name: 'Warnings' });
    await visible(warnings.getByText(/Claude Desktop config drifted: filesystem \(entry removed by the app\), github/));
    await visible(page.getByRole('region', { name: 'Client apps' }).getByText('2 drifted'));
    await admin.expectAccessible('overview drifted');
    await admin.shot('overview-drifted.png');

    await warnings.getByRole('link', { name: 'Re-apply in Clients' }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    const card = page.getByRole('article', { name: 'Claude Desktop' });
    await visible(card.getByRole('row', { name: 'github' }).getByText(/Drifted/));
    await admin.expectAccessible('clients drifted');
    await admin.shot('clients-drifted.png');
    await card.getByRole('button', { name: 'Re-apply' }).click();
    await visible(card.getByRole('status').getByText(/Re-applied Gatehouse’s entries\. Restart Claude Desktop to apply\./));
    await visible(card.getByText('2 protected'));
    const doc = JSON.parse(readFileSync(configPath, 'utf8')) as { mcpServers: Record<string, { args: string[] }>; preferences: unknown };
    expect(doc.mcpServers.github!.args.slice(-3)).toEqual(['guard', '--server', 'github']);
    expect(doc.preferences).toEqual({ sidebarMode: 'chat' });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await visible(page.getByText('Nothing needs your attention.').or(page.getByText(/expires in 3 days/)));
    expect(await page.getByText(/config drifted/).count()).toBe(0);
  });

  it('offers to update the client configs that use a key after rotating it', async () => {
    const page = admin.page;
    const before = JSON.parse(readFileSync(configPath, 'utf8')) as { mcpServers: Record<string, { env: Record<string, string> }> };
    await admin.open('/keys', 'API keys');
    await page.getByRole('button', { name: 'Rotate Laptop Claude' }).click();
    await page.getByRole('dialog', { name: 'Rotate “Laptop Claude”' }).getByRole('button', { name: 'Rotate key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your rotated API key' });
    await visible(dialog.getByTestId('new-key-secret'));
    const offer = dialog.getByRole('button', { name: 'Update 1 client config' });
    await visible(offer);
    await visible(dialog.getByText(/Claude Desktop uses this key in 1 client config, still with the old secret/));
    await admin.expectAccessible('rotate with re-patch offer');
    await admin.shot('keys-rotate-repatch.png');
    await offer.click();
    await visible(dialog.getByRole('status').getByText(/Updated 1 client config with the new key\. Restart Claude Desktop to apply\./));
    const secret = (await dialog.getByTestId('new-key-secret').textContent()) ?? '';
    const after = JSON.parse(readFileSync(configPath, 'utf8')) as { mcpServers: Record<string, { env: Record<string, string> }> };
    for (const name of ['filesystem', 'github']) {
      expect(after.mcpServers[name]!.env.GATEHOUSE_API_KEY).toBe(secret);
      expect(after.mcpServers[name]!.env.GATEHOUSE_API_KEY).not.toBe(before.mcpServers[name]!.env.GATEHOUSE_API_KEY);
    }
    await dialog.getByRole('button', { name: 'Done' }).click();
  });
});
