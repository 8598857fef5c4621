// Audit screen end to end: real events from an MCP session through `gatehouse
// guard` (an allowed echo, a denied call), the per-minute chart, a decision filter
// kept in the URL, CSV and JSON export of the rows shown, the live tail, and the
// audit settings (store arguments, retention) checked through the admin API.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addEverything, createKey, dismiss, guardSession, useAdmin, visible } from './admin-harness';

let secret = '';
const admin = useAdmin('audit', {
  setup: async () => {
    addEverything(admin);
    const created = createKey(admin, 'e2e auditor', 'everything:echo');
    secret = created.key;
    await guardCalls(['echo', 'get-sum']);
  },
});

async function guardCalls(tools: string[]): Promise<void> {
  const client = await guardSession(admin, 'everything', secret);
  try {
    for (const name of tools) {
      await client.callTool({ name, arguments: name === 'echo' ? { message: 'audit e2e' } : { a: 1, b: 2 } }).catch(() => undefined);
    }
  } finally {
    await client.close();
  }
}

describe('Audit screen', () => {
  it('lists events with decisions and shows the chart', async () => {
    await admin.open('/audit', 'Audit');
    const page = admin.page;
    const table = page.getByRole('table', { name: /Audit events/ });
    await table.waitFor();
    const echoRow = table.getByRole('row').filter({ hasText: 'echo' }).filter({ hasText: 'allowed' });
    await visible(echoRow.first());
    await visible(echoRow.first().getByText('e2e auditor'));
    await visible(table.getByRole('row').filter({ hasText: 'get-sum' }).getByText('denied').first());
    await visible(table.getByText('Created key').first());
    await page.locator('.recharts-surface').first().waitFor();
    await visible(page.getByRole('img', { name: /Calls per minute over the last 60 minutes: [1-9]\d* allowed, [1-9]\d* denied/ }));
    await admin.expectAccessible('audit');
    await admin.shot('audit.png');
  });

  it('filters by decision with the filter in the URL', async () => {
    await admin.open('/audit', 'Audit');
    const page = admin.page;
    await page.getByLabel('Decision').selectOption('denied');
    await expect.poll(() => page.url()).toContain('decision=denied');
    const table = page.getByRole('table', { name: /Audit events/ });
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'allowed' }).count()).toBe(0);
    await visible(table.getByRole('row').filter({ hasText: 'get-sum' }).first());
    // The URL alone restores the view.
    await page.reload();
    await table.waitFor();
    expect(await page.getByLabel('Decision').inputValue()).toBe('denied');
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'allowed' }).count()).toBe(0);
    await admin.shot('audit-filtered.png');
  });

  it('exports the rows shown to CSV and JSON', async () => {
    // The denied rows, by the filter in the URL.
    await admin.open('/audit?decision=denied', 'Audit');
    const page = admin.page;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^gatehouse-audit-.*\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toBe('id,ts,action,actor,principalType,principalId,principalName,server,tool,method,decision,reason,outcome,latencyMs,arguments');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(',denied,'))).toBe(true);
    expect(text).toContain('get-sum');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    const rows = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { decision: string; tool: string }[];
    expect(rows.length).toBe(lines.length - 1);
    expect(rows.every((r) => r.decision === 'denied')).toBe(true);

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => page.url()).not.toContain('decision=');
  });

  it('tails new events live', async () => {
    await admin.open('/audit', 'Audit');
    const page = admin.page;
    const table = page.getByRole('table', { name: /Audit events/ });
    const before = await table.getByRole('row').filter({ hasText: 'echo' }).count();
    await page.getByRole('switch', { name: 'Live tail' }).click();
    expect(await page.getByRole('switch', { name: 'Live tail' }).getAttribute('aria-checked')).toBe('true');
    await guardCalls(['echo']);
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'echo' }).count(), { timeout: 10_000 }).toBeGreaterThan(before);
    await page.getByRole('switch', { name: 'Live tail' }).click();
  });

  it('changes the audit settings', async () => {
    await admin.open('/audit', 'Audit');
    const page = admin.page;
    await page.getByRole('button', { name: 'Audit settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Audit settings' });
    await visible(dialog.getByText(/look like secrets .* are redacted/));
    await dialog.getByRole('switch', { name: 'Store tool arguments' }).click();
    await expect.poll(() => dialog.getByRole('switch', { name: 'Store tool arguments' }).getAttribute('aria-checked')).toBe('true');
    await dialog.getByLabel('Keep events for').fill('14');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await admin.api<{ auditRetentionDays: number }>('settings.get')).auditRetentionDays).toBe(14);
    expect((await admin.api<{ auditStoreArguments: boolean }>('settings.get')).auditStoreArguments).toBe(true);
    await admin.expectAccessible('audit settings');
    await admin.shot('audit-settings.png');
    await dismiss(dialog);
  });

  it('follows a dark OS theme', async () => {
    await admin.dark('audit', 'audit');
  });
});
