// Rate limits screen end to end: change the default limit, give a key its own
// limit, add and remove a per-tool limit (checked through the admin API and the
// CLI), and see live bucket levels after real calls through `gatehouse guard`.
import { describe, expect, it } from 'vitest';
import { addEverything, createKey, guardSession, useAdmin, visible } from './admin-harness';

interface Settings {
  defaultRateLimit: { limit: number; window: string } | null;
  toolRateLimits: { pattern: string; limit: number; window: string }[];
}

let keyId = '';
let secret = '';
const admin = useAdmin('rate-limits', {
  setup: () => {
    addEverything(admin);
    const created = createKey(admin, 'e2e agent', 'everything:*');
    keyId = created.id;
    secret = created.key;
  },
});

describe('Rate limits screen', () => {
  it('shows the limits with an empty bucket list', async () => {
    await admin.open('/rate-limits', 'Rate limits');
    const page = admin.page;
    await visible(page.getByText(/^Now: (unlimited|[\d,]+ per \w+)\.$/));
    await visible(page.getByText(/No buckets yet/));
    await visible(page.getByText(/No per-tool limits/));
    await admin.expectAccessible('rate limits');
    await admin.shot('rate-limits-empty.png');
  });

  it('changes the default limit', async () => {
    await admin.open('/rate-limits', 'Rate limits');
    const page = admin.page;
    await page.getByLabel('Default limit: calls').fill('abc');
    await page.getByRole('form', { name: 'Default rate limit' }).getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('A whole number from 1 to 1,000,000.'));
    await page.getByLabel('Default limit: calls').fill('30');
    await page.getByLabel('Default limit: per').selectOption('minute');
    await page.getByRole('form', { name: 'Default rate limit' }).getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Now: 30 per minute.'));
    const s = await admin.api<Settings>('settings.get');
    expect(s.defaultRateLimit).toEqual({ limit: 30, window: 'minute' });
    await visible(page.getByText('default: 30 per minute'));
  });

  it('gives a key its own limit', async () => {
    await admin.open('/rate-limits', 'Rate limits');
    const page = admin.page;
    await page.getByLabel('Limit of e2e agent', { exact: true }).selectOption('own');
    await page.getByLabel('Limit of e2e agent: calls').fill('500');
    await page.getByLabel('Limit of e2e agent: per').selectOption('hour');
    await page.getByRole('button', { name: 'Save the limit of e2e agent' }).click();
    await visible(page.getByText('own: 500 per hour'));
    const shown = admin.cli<{ rateLimit: unknown }>(['keys', 'show', keyId]);
    expect(shown.rateLimit).toEqual({ limit: 500, window: 'hour' });
  });

  it('gives an OAuth app its own limit, next to the keys', async () => {
    const page = admin.page;
    const app = admin.cli<{ client_id: string }>(['oauth', 'clients', 'create', '--name', 'Cursor', '--grant', 'client_credentials', '--scope', 'mcp:everything']);
    await admin.open('/rate-limits', 'Rate limits');
    const row = page.getByRole('row', { name: /Cursor/ });
    await visible(row.getByText('OAuth app'));
    await visible(row.getByText('default: 30 per minute'));
    await visible(page.getByRole('row', { name: /e2e agent/ }).getByText('API key'));
    await page.getByLabel('Limit of Cursor', { exact: true }).selectOption('own');
    await page.getByLabel('Limit of Cursor: calls').fill('10');
    await page.getByRole('button', { name: 'Save the limit of Cursor' }).click();
    await visible(row.getByText('own: 10 per minute'));
    const shown = await admin.api<{ rateLimit: unknown }>('oauth.clients.get', { clientId: app.client_id });
    expect(shown.rateLimit).toEqual({ limit: 10, window: 'minute' });
    await admin.expectAccessible('rate limits with an OAuth app');
    await admin.shot('rate-limits-apps.png');
  });

  it('adds and removes a per-tool limit', async () => {
    await admin.open('/rate-limits', 'Rate limits');
    const page = admin.page;
    await page.getByLabel('Tool pattern').fill('everything');
    await page.getByRole('button', { name: 'Add limit' }).click();
    await visible(page.getByText(/A pattern is SERVER:TOOLGLOB/));
    await page.getByLabel('Tool pattern').fill('everything:echo');
    await page.getByLabel('Tool limit: calls').fill('5');
    await page.getByLabel('Tool limit: per').selectOption('second');
    await page.getByRole('button', { name: 'Add limit' }).click();
    const list = page.getByRole('list', { name: 'Per-tool limits' });
    await visible(list.getByText('everything:echo'));
    await page.getByLabel('Tool pattern').fill('*:get-*');
    await page.getByLabel('Tool limit: calls').fill('100');
    await page.getByLabel('Tool limit: per').selectOption('hour');
    await page.getByRole('button', { name: 'Add limit' }).click();
    await visible(list.getByText('*:get-*'));
    let s = await admin.api<Settings>('settings.get');
    expect(s.toolRateLimits).toEqual([
      { pattern: 'everything:echo', limit: 5, window: 'second' },
      { pattern: '*:get-*', limit: 100, window: 'hour' },
    ]);
    await page.getByRole('button', { name: 'Remove the limit on *:get-*' }).click();
    await list.getByText('*:get-*').waitFor({ state: 'detached' });
    s = await admin.api<Settings>('settings.get');
    expect(s.toolRateLimits).toEqual([{ pattern: 'everything:echo', limit: 5, window: 'second' }]);
  });

  it('shows live bucket levels after calls through the guard', async () => {
    const client = await guardSession(admin, 'everything', secret);
    try {
      for (let i = 0; i < 3; i++) await client.callTool({ name: 'echo', arguments: { message: `hi ${i}` } });
    } finally {
      await client.close();
    }
    const page = admin.page;
    // Polled every 2 s: no reload needed.
    const buckets = page.getByRole('list', { name: 'Bucket levels' });
    await buckets.waitFor({ timeout: 8_000 });
    await visible(buckets.getByRole('meter', { name: 'e2e agent, all calls: tokens left' }));
    await visible(buckets.getByRole('meter', { name: 'e2e agent, everything:echo: tokens left' }));
    await expect.poll(() => buckets.getByText(/^49\d \/ 500/).count()).toBe(1);
    await page.getByRole('heading', { name: 'Live bucket levels' }).scrollIntoViewIfNeeded();
    await admin.lightAndDark('rate limits with buckets', 'rate-limits');
  });
});
