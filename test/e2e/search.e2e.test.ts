// Top bar and global search end to end: the AS issuer and "Running" in the top
// bar; Ctrl+K opens the palette; a key (made with the CLI) and a discovered
// server's tool are found by name; ↑/↓ move, Enter navigates, Esc closes and
// hands focus back; a quick action opens its dialog on its screen.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKey, dismiss, ROOT, useAdmin, visible } from './admin-harness';

const KEY_NAME = 'Palette laptop';
const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');

const admin = useAdmin('search', {
  setup: () => {
    createKey(admin, KEY_NAME, 'everything:*');
    createKey(admin, 'Other agent', 'everything:echo');
    admin.cli(['servers', 'add', 'everything', '--command', process.execPath, '--arg', ECHO]);
    admin.cli(['servers', 'discover', 'everything']);
  },
});

describe('Top bar and global search', () => {
  it('shows the issuer and Running in the top bar', async () => {
    await admin.open('/servers', 'Servers');
    const page = admin.page;
    const status = await admin.api<{ issuer: string | null }>('system.status');
    expect(status.issuer).toBeTruthy();
    const as = page.getByRole('group', { name: 'Authorization server' });
    await visible(as);
    expect(await as.getByTestId('as-issuer').textContent()).toBe(status.issuer);
    await visible(as.getByText('Running', { exact: true }));
    await visible(as.getByRole('button', { name: 'Copy issuer URL' }));
    // The search button says which shortcut opens it.
    expect(await page.getByRole('button', { name: 'Search' }).getAttribute('aria-keyshortcuts')).toBe('Control+K');
  });

  it('opens with Ctrl+K and finds a key by name; Enter opens the keys screen', async () => {
    const page = admin.page;
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Search Gatehouse' });
    await visible(dialog);
    const input = dialog.getByRole('combobox', { name: 'Search keys, servers, tools and clients' });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    // Before typing: the quick actions and a preview of each list.
    await visible(dialog.getByRole('option', { name: /Create API key/ }));
    await visible(dialog.getByRole('option', { name: /^everything:echo/ }));
    await admin.expectAccessible('search palette');
    await admin.shot('search-palette.png');

    await input.fill('palette lap');
    const option = dialog.getByRole('option', { name: new RegExp(`^${KEY_NAME}`) });
    await visible(option);
    expect(await dialog.getByRole('option').count()).toBe(1);
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await admin.shot('search-key.png');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // The key itself opens: its details, over the keys screen.
    const details = page.getByRole('dialog', { name: KEY_NAME });
    await visible(details);
    expect(new URL(page.url()).hash).toBe('#/keys');
    await dismiss(details);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
  });

  it("finds a server's tool by name, moves with the arrows, and opens Servers", async () => {
    const page = admin.page;
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Search Gatehouse' });
    const input = dialog.getByRole('combobox');
    await input.fill('pid');
    const tool = dialog.getByRole('option', { name: /^everything:pid/ });
    await visible(tool);
    await visible(dialog.getByRole('group', { name: 'Tools' }));
    expect(await tool.getAttribute('aria-selected')).toBe('true');

    // A broader query: ↓ and ↑ move the selection, wrapping at the ends.
    await input.fill('everything');
    await visible(dialog.getByRole('option', { name: /^everything:echo/ }));
    const options = dialog.getByRole('option');
    const count = await options.count();
    expect(count).toBeGreaterThanOrEqual(4); // the server and its three tools
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await options.nth(count - 1).getAttribute('aria-selected')).toBe('true');

    await input.fill('everything:pid');
    await visible(tool);
    await admin.dark('search palette', 'search-tool');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
    // The tool opens in its server's catalog.
    await visible(page.getByRole('list', { name: 'Tools of everything' }).locator('[aria-current="true"]').getByText('pid', { exact: true }));
    expect(new URL(page.url()).hash).toBe('#/servers');
  });

  it('closes on Esc and returns focus to the search button', async () => {
    const page = admin.page;
    const button = page.getByRole('button', { name: 'Search' });
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Search Gatehouse' });
    await visible(dialog);
    await dialog.getByRole('combobox').fill('nothing matches this');
    await visible(dialog.getByText(/Nothing matches “nothing matches this”/));
    await dismiss(dialog);
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(new URL(page.url()).hash).toBe('#/servers');
  });

  it('runs a quick action: Create API key opens the form on the keys screen', async () => {
    const page = admin.page;
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Search Gatehouse' });
    await dialog.getByRole('combobox').fill('create key');
    await visible(dialog.getByRole('option', { name: /^Create API key/ }));
    await page.keyboard.press('Enter');
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await visible(form);
    await visible(form.getByLabel('Key name'));
    await dismiss(form);
  });

  it('goes to a screen by its name', async () => {
    const page = admin.page;
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Search Gatehouse' });
    await dialog.getByRole('combobox').fill('settings');
    await visible(dialog.getByRole('group', { name: 'Go to' }).getByRole('option', { name: 'Settings' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  });
});
