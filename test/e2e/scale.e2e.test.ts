// The admin screens with a lot of data: 3,000 API keys and 200,000 audit events in the
// data dir of a running `serve`. The Keys table renders only the rows in view and loads
// pages as it scrolls; a key far down the list is found by a server-side search; the
// Audit principal filter finds a key by name; the Audit export writes all 170,000 events
// of one key (not the 100 rows loaded), with progress.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src-main/core';
import { bulkAudit, pick } from '../helpers/bulk-audit';
import { envKeyProviders } from '../helpers/core';
import { useAdmin, visible } from './admin-harness';

const KEYS = 3000;
const BUSY_ROWS = 170_000;
let core: Core;
let busy = { id: '', name: '' };
const admin = useAdmin('scale', {
  timeoutMs: 240_000,
  setup: () => {
    // The test writes into serve's data dir as another process would (the CLI, a guard).
    core = openCore({ dataDir: admin.dataDir, masterKeyProviders: envKeyProviders(admin.env.GATEHOUSE_MASTER_KEY!) });
    const rules = [{ effect: 'allow' as const, pattern: 'fs:*' }];
    const ids: string[] = [];
    for (let i = 0; i < KEYS; i++) ids.push(core.keys.create({ name: `bulk key ${String(i).padStart(4, '0')}`, expiresInSeconds: null, rules, rateLimit: null }).key.id);
    core.keys.create({ name: 'zz the last key', expiresInSeconds: null, rules, rateLimit: null });
    busy = { id: ids[7]!, name: 'bulk key 0007' };
    const end = Date.now() - 60_000;
    bulkAudit(core.db, { rows: BUSY_ROWS, endMs: end, stepMs: 100, principal: pick([busy.id]), deniedEvery: 7 });
    bulkAudit(core.db, { rows: 30_000, endMs: end - 50, stepMs: 100, principal: pick(ids.slice(100, 110)), server: pick(['github']) });
  },
});

describe('admin screens at scale', { timeout: 240_000 }, () => {
  afterAll(async () => {
    core?.close();
  });

  it('Keys: only the rows in view are in the page; more load as the table scrolls', async () => {
    await admin.open('/keys', 'API keys');
    const page = admin.page;
    const table = page.getByRole('table', { name: 'API keys' });
    await visible(table.getByRole('button', { name: 'zz the last key', exact: true })); // newest first
    await visible(page.getByText('100 keys loaded; more load as you scroll'));
    const rendered = () => table.locator('tbody tr[aria-rowindex]').count();
    expect(await rendered()).toBeLessThan(60);
    expect(await table.getAttribute('aria-rowcount')).toBe('101');
    await admin.expectAccessible('keys at scale');
    await admin.shot('keys-scale.png');

    // Scrolling the table's region to its end loads the next pages.
    const region = page.getByRole('region', { name: 'API keys (scrolls)' });
    for (let i = 0; i < 3; i++) {
      await region.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 10_000 }).toBe(String(100 * (i + 2) + 1));
    }
    expect(await rendered()).toBeLessThan(60);
  });

  it('Keys: a search finds keys on the server, by name, not among the rows loaded', async () => {
    const page = admin.page;
    await page.getByLabel('Find keys by name').fill('bulk key 29');
    const table = page.getByRole('table', { name: 'API keys' });
    await visible(table.getByRole('button', { name: 'bulk key 2900', exact: true })); // by name: 2900 first
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe('101');
    expect(await table.locator('tbody tr[aria-rowindex="2"]').textContent()).toContain('bulk key 2900');
    // Sorting by name the other way, on the server.
    await table.getByRole('button', { name: 'Name' }).click();
    await visible(table.getByRole('button', { name: 'bulk key 2999', exact: true }));
    expect(await table.locator('tbody tr[aria-rowindex="2"]').textContent()).toContain('bulk key 2999');
    await admin.dark('keys search', 'keys-scale');
  });

  it('Audit: the principal filter searches every key by name', async () => {
    await admin.open('/audit', 'Audit');
    const page = admin.page;
    const picker = page.getByRole('combobox', { name: 'Principal' });
    await picker.fill('bulk key 000');
    await visible(page.getByRole('option', { name: /bulk key 0007/ }));
    await admin.expectAccessible('audit principal picker open');
    await admin.shot('audit-principal-picker.png');
    // The keyboard works too: down to the 8th match (0000 … 0007), Enter.
    for (let i = 0; i < 7; i++) await picker.press('ArrowDown');
    await picker.press('Enter');
    await expect.poll(() => page.url()).toContain(`principal=${busy.id}`);
    // The name is looked up once the filter is set (keys.byIds): wait for it, not a fixed time.
    await expect.poll(() => picker.inputValue()).toBe(busy.name);
    const table = page.getByRole('table', { name: /Audit events/ });
    await visible(table.getByRole('row').filter({ hasText: busy.name }).first());
    expect(Number(await table.getAttribute('aria-rowcount'))).toBe(101);
    await admin.expectAccessible('audit filtered at scale');
    await admin.shot('audit-scale.png');
  });

  it('Audit: exports every event matching the filters, 170,000 rows, with progress', async () => {
    const page = admin.page;
    // The key's calls on fs: 170,000 events (its key.create event has no server).
    await page.goto(new URL(`/admin/#/audit?principal=${busy.id}&server=fs`, admin.ready.issuer).href);
    const table = page.getByRole('table', { name: /Audit events/ });
    await visible(table.getByRole('row').filter({ hasText: busy.name }).first());
    const [download, , max] = await Promise.all([
      page.waitForEvent('download', { timeout: 180_000 }),
      page.getByRole('button', { name: 'CSV' }).click(),
      // While it runs: how far it is, against the count of the whole range.
      (async () => {
        await visible(page.getByText(/^[\d,]+ of 170,000 events$/));
        return page.getByRole('progressbar', { name: 'Exporting CSV' }).getAttribute('max');
      })(),
    ]);
    expect(max).toBe(String(BUSY_ROWS));
    await visible(page.getByText('Exported 170,000 events.'));
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 2).toBe(BUSY_ROWS);
    expect(lines[0]).toBe('id,ts,action,actor,principalType,principalId,principalName,server,tool,method,decision,reason,outcome,latencyMs,arguments');
    expect(lines.slice(1, -1).every((l) => l.includes(`,${busy.id},${busy.name},fs,`))).toBe(true);
    expect(new Set(lines.slice(1, -1).map((l) => l.split(',')[0])).size).toBe(BUSY_ROWS);
  });

  it('Audit: a JSON export of a narrower filter is one JSON document of exactly those events', async () => {
    const page = admin.page;
    await page.getByLabel('Decision').selectOption('denied');
    await expect.poll(() => page.url()).toContain('decision=denied');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'JSON' }).click()]);
    const rows = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { principalId: string; decision: string }[];
    expect(rows).toHaveLength(Math.ceil(BUSY_ROWS / 7));
    expect(rows.every((r) => r.principalId === busy.id && r.decision === 'denied')).toBe(true);
  });
});
