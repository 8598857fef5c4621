// Item 2 of issue 15 end to end: the audit log says who did what, where. An actor on
// every event (the admin page, the CLI, or the key behind an MCP call), what changed
// for admin events (before and after), the config file for client events, readable
// reasons with the code on hover, a detail view per row opened by click or by j/k and
// Enter, and "No key" apart from "Malformed key".
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { claudeConfigPath, writeClaudeConfig } from './claude-fixture';
import { addEverything, createKey, dismiss, GATEHOUSE, guardSession, useAdmin, visible } from './admin-harness';

let keyId = '';
const admin = useAdmin('audit-who', {
  tempHome: true,
  setup: async () => {
    addEverything(admin);
    const created = createKey(admin, 'Cursor laptop', 'everything:echo');
    keyId = created.id;
    const client = await guardSession(admin, 'everything', created.key);
    await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
    await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }).catch(() => undefined);
    await client.close();
    await refusedSession(null);
    await refusedSession('not-a-key');
    writeClaudeConfig(admin.home);
    admin.cli(['clients', 'patch', 'claude-desktop', '--server', 'filesystem', '--key', keyId]);
  },
});

/** A guard session whose key is refused before anything reaches the server. */
async function refusedSession(apiKey: string | null): Promise<void> {
  const env: Record<string, string> = { ...admin.env };
  if (apiKey !== null) env.GATEHOUSE_API_KEY = apiKey;
  const transport = new StdioClientTransport({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', 'everything'], env, stderr: 'pipe' });
  const client = new Client({ name: 'audit-who', version: '1.0.0' });
  await expect(client.connect(transport, { timeout: 20_000 })).rejects.toThrow(/refused/);
  await client.close();
}

describe('Audit: who, what, where', () => {
  it('names the key behind MCP calls and the tool an admin used for changes', async () => {
    // A change in the admin page, with the key's name before and after.
    await admin.api('keys.update', { id: keyId, name: 'Cursor desktop' });
    await admin.open('/audit', 'Audit');
    const page = admin.page;
    const table = page.getByRole('table', { name: /Audit events/ });
    await table.waitFor();
    const call = table.getByRole('row').filter({ hasText: 'echo' }).filter({ hasText: 'allowed' }).first();
    await visible(call.getByText('Cursor desktop'));
    const change = table.getByRole('row').filter({ hasText: 'Changed key' }).first();
    await visible(change.getByText('Admin page'));
    const made = table.getByRole('row').filter({ hasText: 'Created key' }).first();
    await visible(made.getByText('CLI'));
    // Writing the key into a config reveals it: by the CLI that ran the patch.
    await visible(table.getByRole('row').filter({ hasText: 'Revealed key' }).first().getByText('CLI'));
    // Nothing on the page says "key.update" as if the key had done it.
    expect(await table.getByRole('row').filter({ hasText: 'Cursor desktop · key.update' }).count()).toBe(0);
    // Every event has an actor.
    const { events } = await admin.api<{ events: { actor: string | null; action: string }[] }>('audit.query', { limit: 1000 });
    expect(events.filter((e) => !e.actor)).toEqual([]);
    await admin.expectAccessible('audit: who');
    await admin.shot('audit-who.png');
  });

  it('says reasons in words with the code on hover, and tells "no key" from "malformed key"', async () => {
    const table = admin.page.getByRole('table', { name: /Audit events/ });
    const denied = table.getByRole('row').filter({ hasText: 'get-sum' }).first();
    const reason = denied.getByText('No rule allows it');
    await visible(reason);
    expect(await reason.getAttribute('title')).toBe('code: no_allow_rule');
    await visible(table.getByRole('row').filter({ hasText: 'initialize' }).getByText('No key').first());
    await visible(table.getByRole('row').filter({ hasText: 'initialize' }).getByText('Malformed key').first());
    const { events } = await admin.api<{ events: { reason: string | null }[] }>('audit.query', { limit: 1000 });
    expect(events.some((e) => e.reason === 'key_missing')).toBe(true);
    expect(events.some((e) => e.reason === 'key_malformed')).toBe(true);
  });

  it('names the config file of a client event', async () => {
    const table = admin.page.getByRole('table', { name: /Audit events/ });
    const row = table.getByRole('row').filter({ hasText: 'Protected servers in config' }).first();
    const where = row.getByText('claude_desktop_config.json');
    await visible(where);
    expect(await where.getAttribute('title')).toBe(claudeConfigPath(admin.home));
  });

  it('opens a row in full: what changed, before and after', async () => {
    const page = admin.page;
    const table = page.getByRole('table', { name: /Audit events/ });
    await table.getByRole('row').filter({ hasText: 'Changed key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Changed key' });
    await visible(dialog);
    const changes = dialog.getByRole('table', { name: 'What changed' });
    const name = changes.getByRole('row').filter({ hasText: 'name' });
    await visible(name.getByText('Cursor laptop'));
    await visible(name.getByText('Cursor desktop'));
    await visible(dialog.getByText('Admin page'));
    await admin.expectAccessible('audit: event detail');
    await admin.shot('audit-detail.png');
    await dismiss(dialog);
  });

  it('moves through rows with j/k and opens one with Enter', async () => {
    const page = admin.page;
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    const focused = () => page.evaluate(() => document.activeElement?.tagName ?? '');
    await expect.poll(focused).toBe('TR');
    const first = await page.evaluate(() => document.activeElement?.textContent ?? '');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const second = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(second).not.toBe(first);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('dialog'));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('reads well in the dark', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    const table = page.getByRole('table', { name: /Audit events/ });
    await table.getByRole('row').filter({ hasText: 'Protected servers in config' }).first().click();
    await visible(page.getByRole('dialog', { name: 'Protected servers in config' }).getByText(claudeConfigPath(admin.home)));
    await admin.expectAccessible('audit: client event (dark)');
    await admin.shot('audit-detail-dark.png');
    await page.keyboard.press('Escape');
    await admin.shot('audit-who-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
