// Item 5 of issue 15 end to end: search that acts. Choosing a key, server, tool, client
// config or OAuth client opens it; the actions rotate, revoke, protect and expose list
// their targets first and open the right dialog or panel; j/k and Enter move through a
// table's rows and open one.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { claudeConfigPath, writeClaudeConfig } from './claude-fixture';
import { addEverything, createKey, dismiss, useAdmin, visible } from './admin-harness';

const admin = useAdmin('search-acts', {
  tempHome: true,
  setup: () => {
    addEverything(admin);
    createKey(admin, 'Cursor laptop', 'everything:*');
    createKey(admin, 'Build bot', 'everything:echo');
    admin.cli(['oauth', 'clients', 'create', '--name', 'Inspector', '--redirect-uri', 'http://127.0.0.1/cb', '--scope', 'mcp:everything']);
    writeClaudeConfig(admin.home);
  },
});

async function palette(page: Page, query: string) {
  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name: 'Search Gatehouse' });
  await visible(dialog);
  await dialog.getByRole('combobox').fill(query);
  return dialog;
}

async function choose(page: Page, query: string, option: RegExp) {
  const dialog = await palette(page, query);
  await visible(dialog.getByRole('option', { name: option }).first());
  await expect.poll(() => dialog.getByRole('option', { name: option }).first().getAttribute('aria-selected')).toBe('true');
  await page.keyboard.press('Enter');
  return dialog;
}

describe('Search that acts', () => {
  it('opens a server, and a tool in its catalog', async () => {
    await admin.open('/', 'Overview');
    const page = admin.page;
    await choose(page, 'everything', /^everything\b/);
    await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('everything');
    await choose(page, 'get-sum', /^everything:get-sum/);
    const current = page.getByRole('list', { name: 'Tools of everything' }).locator('[aria-current="true"]');
    await visible(current.getByText('get-sum', { exact: true }));
    await expect.poll(() => current.evaluate((el) => el === document.activeElement)).toBe(true);
    await admin.shot('search-acts-tool.png');
  });

  it('finds prompts and resources as rules name them, and opens the catalog at one', async () => {
    const page = admin.page;
    await choose(page, 'simple-prompt', /^everything:prompt:simple-prompt/);
    const prompt = page.getByRole('list', { name: 'Prompts of everything' }).locator('[aria-current="true"]');
    await visible(prompt.getByText('simple-prompt', { exact: true }));
    await expect.poll(() => prompt.evaluate((el) => el === document.activeElement)).toBe(true);
    await choose(page, 'resource architecture', /^everything:resource:demo:\/\/resource\/static\/document\/architecture\.md/);
    const resource = page.getByRole('list', { name: 'Resources of everything' }).locator('[aria-current="true"]');
    await visible(resource.getByText('demo://resource/static/document/architecture.md', { exact: true }));
    await admin.shot('search-acts-prompt.png');
  });

  it('opens a client config and an OAuth client', async () => {
    const page = admin.page;
    await choose(page, 'claude desktop', /^Claude Desktop/);
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    await visible(page.getByRole('region', { name: `Config ${claudeConfigPath(admin.home)}` }));
    await choose(page, 'inspector', /^Inspector/);
    const edit = page.getByRole('dialog', { name: 'Edit “Inspector”' });
    await visible(edit);
    await dismiss(edit);
  });

  it('rotates a key: the action lists keys, then opens Rotate for the one chosen', async () => {
    const page = admin.page;
    const dialog = await palette(page, 'rotate');
    await visible(dialog.getByRole('option', { name: /^Rotate key…/ }));
    await page.keyboard.press('Enter');
    await visible(dialog.getByRole('combobox', { name: 'Rotate which key?' }));
    await visible(dialog.getByRole('option', { name: /^Build bot/ }));
    await admin.expectAccessible('palette: rotate which key');
    await admin.shot('search-acts-rotate.png');
    // Backspace on an empty query goes back to everything; Enter on the action again.
    await page.keyboard.press('Backspace');
    await visible(dialog.getByRole('combobox', { name: 'Search keys, servers, tools and clients' }));
    await dialog.getByRole('combobox').fill('rotate');
    await page.keyboard.press('Enter');
    await dialog.getByRole('combobox').fill('build');
    await page.keyboard.press('Enter');
    await visible(page.getByRole('dialog', { name: 'Rotate “Build bot”' }));
    await page.keyboard.press('Escape');
  });

  it('revokes a key from the palette', async () => {
    const page = admin.page;
    const dialog = await palette(page, 'revoke');
    await page.keyboard.press('Enter');
    await dialog.getByRole('combobox').fill('build');
    await page.keyboard.press('Enter');
    const revoke = page.getByRole('dialog', { name: 'Revoke “Build bot”?' });
    await visible(revoke);
    await dismiss(revoke);
  });

  it('protects servers of a config from the palette', async () => {
    const page = admin.page;
    const dialog = await palette(page, 'protect');
    await page.keyboard.press('Enter');
    await visible(dialog.getByRole('option', { name: /^Claude Desktop/ }));
    await page.keyboard.press('Enter');
    const protect = page.getByRole('dialog', { name: 'Protect Claude Desktop servers' });
    await visible(protect);
    expect(await protect.getByRole('checkbox', { name: /filesystem/ }).isChecked()).toBe(true);
    await dismiss(protect);
  });

  it('exposes a server from the palette: its HTTP settings open with the switch focused', async () => {
    const page = admin.page;
    const dialog = await palette(page, 'expose');
    await page.keyboard.press('Enter');
    await dialog.getByRole('combobox').fill('every');
    await page.keyboard.press('Enter');
    const toggle = page.getByRole('switch', { name: 'Expose everything over HTTP' });
    await expect.poll(() => toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    await visible(page.getByRole('button', { name: 'Hide HTTP settings of everything' }));
    await admin.shot('search-acts-expose.png');
  });

  it('moves through the keys table with j/k and opens a key with Enter', async () => {
    await admin.open('/keys', 'API keys');
    const page = admin.page;
    // j acts on the rows there are: wait for them (the list loads after the heading).
    await visible(page.getByRole('row', { name: /Build bot/ }));
    await page.keyboard.press('j');
    const focused = () => page.evaluate(() => document.activeElement?.tagName ?? '');
    await expect.poll(focused).toBe('TR');
    const first = await page.evaluate(() => document.activeElement!.textContent ?? '');
    await page.keyboard.press('j');
    const second = await page.evaluate(() => document.activeElement!.textContent ?? '');
    expect(second).not.toBe(first);
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.activeElement!.textContent ?? '')).toBe(first);
    await admin.shot('search-acts-row-focus.png');
    await page.keyboard.press('Enter');
    const name = first.startsWith('Cursor laptop') ? 'Cursor laptop' : 'Build bot';
    await visible(page.getByRole('dialog', { name }));
    await page.keyboard.press('Escape');
  });

  it('reads well in the dark', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    const dialog = await palette(page, 'revoke');
    await page.keyboard.press('Enter');
    await visible(dialog.getByRole('combobox', { name: 'Revoke which key?' }));
    await admin.expectAccessible('palette: revoke which key (dark)');
    await admin.shot('search-acts-dark.png');
    await page.keyboard.press('Escape');
    await dismiss(dialog);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
