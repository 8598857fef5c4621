// The admin UI says plainly what stopped a change (issue 11, observation 10): while
// another connection holds the database's write lock past the busy timeout, creating a
// key shows the cause and the fix in the dialog (DATABASE_BUSY), nothing is created;
// once the lock is gone the same dialog creates it. Axe on the error state, light and dark.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { useAdmin } from './admin-harness';

const admin = useAdmin('resource-failures');

describe('resource failures in the admin UI', () => {
  it('a database locked past the busy timeout: the create-key dialog names the cause and the fix; after the lock is gone, it creates the key', async () => {
    const page = admin.page;
    await admin.open('/keys', 'API keys');
    await page.getByRole('button', { name: 'Create key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.waitFor();
    await page.getByLabel('Key name').fill('while locked');
    await dialog.getByRole('button', { name: 'Show patterns' }).click();
    await dialog.getByRole('button', { name: 'Add pattern' }).click();
    await dialog.getByRole('textbox', { name: 'Pattern 1', exact: true }).fill('*:*');

    // Create key; the form asks once whether to create a key that allows nothing yet (no
    // server is registered), then `outcome` shows.
    const submit = async (outcome: Locator) => {
      await dialog.getByRole('button', { name: 'Create key' }).click();
      const anyway = dialog.getByRole('button', { name: 'Create anyway' });
      await anyway.or(outcome).first().waitFor({ timeout: 30_000 });
      if (await anyway.isVisible()) await anyway.click();
      await outcome.waitFor({ timeout: 30_000 });
    };
    const holder = new Database(join(admin.dataDir, 'gatehouse.db'));
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      const alert = dialog.getByRole('alert').or(dialog.getByRole('status')).filter({ hasText: 'locked for longer than the busy timeout' });
      await submit(alert);
      expect(await alert.textContent()).toMatch(/another process kept the Gatehouse database .* locked .*Nothing was changed.*Finish or close what holds the lock/s);
      await admin.lightAndDark('create key: database busy', 'keys-create-busy');
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
    expect(admin.cli<{ name: string }[]>(['keys', 'list']).some((k) => k.name === 'while locked')).toBe(false);

    await submit(page.getByLabel('New API key', { exact: true }));
    expect(admin.cli<{ name: string }[]>(['keys', 'list']).some((k) => k.name === 'while locked')).toBe(true);
  }, 90_000);
});
