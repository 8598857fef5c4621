// Item 3 of issue 15 end to end: no dead ends. Permissions asks before leaving with
// unsaved changes (Stay, Discard and leave, Save and leave) and has OAuth apps as rows;
// no screen scrolls the page sideways at 1280×800; a long command truncates in the
// Protect dialog's server list with the full text on hover; the diff uses the height
// the dialog has, with one scrollbar; a key that allows none of a server's tools warns.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { claudeConfigPath, ECHO } from './claude-fixture';
import { addEverything, createKey, useAdmin, visible } from './admin-harness';

let appId = '';
let readerId = '';
const admin = useAdmin('dead-ends', {
  tempHome: true,
  setup: () => {
    addEverything(admin);
    writeConfig(admin.home);
    admin.cli(['servers', 'import']);
    // Enough tool columns that the matrix is wider than the window: its off-screen
    // screen-reader text must not widen the page.
    for (const name of ['filesystem', 'github', 'mail']) admin.cli(['servers', 'discover', name]);
    readerId = createKey(admin, 'Reader', 'everything:echo').id;
    appId = admin.cli<{ client_id: string }>(['oauth', 'clients', 'create', '--name', 'Cursor via OAuth', '--redirect-uri', 'http://127.0.0.1/cb', '--scope', 'mcp:everything']).client_id;
  },
});
const LONG_DIR = '/home/ana/projects/customer-portal/packages/backend/services/reporting/exports/2026/quarterly';
const SCREENS: [string, string][] = [
  ['/', 'Overview'],
  ['/servers', 'Servers'],
  ['/keys', 'API keys'],
  ['/permissions', 'Permissions'],
  ['/rate-limits', 'Rate limits'],
  ['/audit', 'Audit'],
  ['/clients', 'Clients'],
  ['/oauth', 'OAuth'],
  ['/settings', 'Settings'],
];

/** Eight servers, one with a very long command: protecting them all makes a diff of about 70 lines. */
function writeConfig(home: string): void {
  const servers: Record<string, unknown> = {};
  for (const name of ['filesystem', 'github', 'notes', 'calendar', 'mail', 'search', 'browser', 'shell']) {
    servers[name] = { command: process.execPath, args: name === 'filesystem' ? [ECHO, '--root', LONG_DIR, '--root', `${LONG_DIR}/archive`] : [ECHO] };
  }
  const path = claudeConfigPath(home);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ mcpServers: servers }, null, 2)}\n`);
}

async function sideways(page: Page): Promise<{ doc: number; main: number; view: number }> {
  return page.evaluate(() => {
    const main = document.querySelector('main')!;
    return { doc: document.documentElement.scrollWidth, main: main.scrollWidth - main.clientWidth, view: window.innerWidth };
  });
}

describe('No dead ends', () => {
  it('shows OAuth apps as rows of the matrix and keeps the page from scrolling sideways', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    const table = page.getByRole('table', { name: 'Which key or OAuth app may use which tool, resource and prompt' });
    await table.waitFor();
    await visible(table.getByRole('rowheader', { name: /Cursor via OAuth/ }).getByText('OAuth app'));
    const s = await sideways(page);
    expect(s.doc).toBeLessThanOrEqual(s.view);
    expect(s.main).toBe(0);
    await admin.expectAccessible('permissions with OAuth rows');
    await admin.shot('dead-ends-permissions.png');
  });

  it('asks before leaving with unsaved changes: Stay keeps them, Save and leave writes them', async () => {
    const page = admin.page;
    // An OAuth client made with --scope mcp:everything may call every tool of it: deny one.
    await page.getByRole('button', { name: 'Cursor via OAuth · everything:get-sum: allowed by the pattern everything:*' }).click();
    await page.getByRole('menuitem', { name: 'Deny' }).click();
    await visible(page.getByText(/Unsaved changes to 1 OAuth app/));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    const ask = page.getByRole('dialog', { name: 'Leave with unsaved changes?' });
    await visible(ask);
    await visible(ask.getByText('Cursor via OAuth'));
    await admin.expectAccessible('leave guard');
    await admin.shot('dead-ends-leave-guard.png');
    await ask.getByRole('button', { name: 'Stay' }).click();
    await ask.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Permissions', level: 1 }).waitFor();
    await visible(page.getByText(/Unsaved changes to 1 OAuth app/));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('dialog', { name: 'Leave with unsaved changes?' }).getByRole('button', { name: 'Save and leave' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    const app = admin.cli<{ rules: { effect: string; pattern: string }[] }>(['oauth', 'clients', 'show', appId]);
    expect(app.rules).toContainEqual({ effect: 'deny', pattern: 'everything:get-sum' });
  });

  it('Discard and leave drops the staged change', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    await page.getByRole('button', { name: 'Reader · everything:get-sum: denied: no rule allows it' }).click();
    await page.getByRole('menuitem', { name: 'Allow' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('dialog', { name: 'Leave with unsaved changes?' }).getByRole('button', { name: 'Discard and leave' }).click();
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
    const keys = admin.cli<{ name: string; rules: { pattern: string }[] }[]>(['keys', 'list']);
    expect(keys.find((k) => k.name === 'Reader')!.rules.map((r) => r.pattern)).toEqual(['everything:echo']);
  });

  it('no screen scrolls the page sideways at 1280×800', async () => {
    for (const [route, heading] of SCREENS) {
      await admin.open(route, heading);
      const s = await sideways(admin.page);
      expect({ route, ...s }).toEqual({ route, doc: s.view, main: 0, view: s.view });
    }
  });

  it('truncates a long command in the Protect dialog, with the full text on hover', async () => {
    await admin.open('/clients', 'Clients');
    const page = admin.page;
    await page.getByRole('button', { name: 'Protect…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Protect Claude Desktop servers' });
    await visible(dialog);
    const command = dialog.getByTitle(new RegExp(`${LONG_DIR}/archive$`));
    await visible(command);
    const fits = await command.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const d = el.closest('[role="dialog"]')!.getBoundingClientRect();
      return { inside: box.right <= d.right && d.right <= window.innerWidth, truncated: el.scrollWidth > el.clientWidth };
    });
    expect(fits).toEqual({ inside: true, truncated: true });
    await admin.shot('dead-ends-protect-picker.png');
  });

  it('warns when the chosen key allows nothing of a server', async () => {
    const page = admin.page;
    const dialog = page.getByRole('dialog', { name: 'Protect Claude Desktop servers' });
    await dialog.getByLabel('API key').selectOption(readerId);
    await visible(dialog.getByRole('alert').filter({ hasText: /“Reader” allows nothing of filesystem, github/ }));
    await admin.expectAccessible('protect: key allows nothing here');
    await admin.shot('dead-ends-protect-key-warning.png');
    await dialog.getByLabel('API key').selectOption('__new__');
  });

  it('lets the diff use the height the dialog has, with one scrollbar', async () => {
    const page = admin.page;
    const dialog = page.getByRole('dialog', { name: 'Protect Claude Desktop servers' });
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    const diff = dialog.getByRole('region', { name: /^Changes to / });
    await visible(diff);
    const m = await diff.evaluate((el) => {
      const lines = el.querySelectorAll('span').length;
      const body = el.closest('[role="dialog"]')!;
      const scrollers = [...body.querySelectorAll('*')].filter((n) => n !== el && n.scrollHeight > n.clientHeight + 1 && getComputedStyle(n).overflowY !== 'visible');
      return { lines, height: el.clientHeight, scrolls: el.scrollHeight > el.clientHeight, others: scrollers.length, dialog: body.getBoundingClientRect().height };
    });
    expect(m.lines).toBeGreaterThan(42);
    expect(m.scrolls).toBe(true);
    expect(m.others).toBe(0);
    // The dialog takes the window's height (800 − 48), and the diff most of it.
    expect(m.dialog).toBeGreaterThan(700);
    expect(m.height).toBeGreaterThan(450);
    await admin.expectAccessible('protect preview');
    // The buttons stay below the diff, on screen.
    const footer = await dialog.getByRole('button', { name: 'Apply' }).evaluate((b) => {
      const pre = b.closest('[role="dialog"]')!.querySelector('pre')!.getBoundingClientRect();
      return { below: b.getBoundingClientRect().top >= pre.bottom, onScreen: b.getBoundingClientRect().bottom <= window.innerHeight };
    });
    expect(footer).toEqual({ below: true, onScreen: true });
    await admin.shot('dead-ends-diff.png');
  });

  it('reads well in the dark', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    await admin.expectAccessible('protect preview (dark)');
    await admin.shot('dead-ends-diff-dark.png');
    await page.keyboard.press('Escape');
    await admin.open('/permissions', 'Permissions');
    await page.getByRole('button', { name: 'Reader · everything:get-sum: denied: no rule allows it' }).click();
    await page.getByRole('menuitem', { name: 'Deny' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
    await visible(page.getByRole('dialog', { name: 'Leave with unsaved changes?' }));
    await admin.expectAccessible('leave guard (dark)');
    await admin.shot('dead-ends-leave-guard-dark.png');
    await page.getByRole('button', { name: 'Discard and leave' }).click();
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
