// Servers screen end to end: empty state, adding server-everything through the UI
// (env value masked, never shown again), discovery with its tools and annotation
// badges, import from a Claude Desktop config, a failing server whose stderr shows
// on its row, and removal with confirmation.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dismiss, EVERYTHING, openDialog, useAdmin, visible } from './admin-harness';
import { FIXTURES } from '../helpers/fixtures';

const FIXTURE = join(FIXTURES, 'claude_desktop_config.basic.json');
const SECRET_VALUE = 'e2e-secret-value-9f8e7d';

const admin = useAdmin('servers');

function row(name: string) {
  return admin.page.getByRole('listitem', { name, exact: true });
}

describe('Servers screen', () => {
  it('shows an empty state with Add server and Import', async () => {
    await admin.open('/servers', 'Servers');
    const page = admin.page;
    await visible(page.getByRole('heading', { name: 'No servers yet' }));
    await visible(page.getByRole('button', { name: 'Add server' }));
    await visible(page.getByRole('button', { name: 'Import from Claude Desktop' }));
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBeGreaterThanOrEqual(5);
    await admin.expectAccessible('servers empty');
    await admin.shot('servers-empty.png');
  });

  it('adds server-everything through the dialog, with a masked env value', async () => {
    await admin.open('/servers', 'Servers');
    const page = admin.page;
    const dialog = await openDialog(page, 'Add server', 'Add server');
    // Validation speaks where the problem is.
    await dialog.getByRole('button', { name: 'Add server' }).click();
    await visible(dialog.getByText('Give the command that starts the server.'));

    await dialog.getByLabel('Name', { exact: true }).fill('everything');
    await dialog.getByLabel('Command', { exact: true }).fill(process.execPath);
    await dialog.getByLabel(/Arguments/).fill(`${EVERYTHING}\nstdio`);
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByLabel('Variable 1 name', { exact: true }).fill('DEMO_TOKEN');
    const value = dialog.getByLabel('Variable 1 value', { exact: true });
    await value.fill(SECRET_VALUE);
    expect(await value.getAttribute('type')).toBe('password');
    await admin.expectAccessible('add server dialog');
    await admin.shot('servers-add.png');
    await dialog.getByRole('button', { name: 'Add server' }).click();
    await dialog.waitFor({ state: 'detached' });

    const r = row('everything');
    await visible(r.getByText('Tools not discovered yet'));
    await visible(r.getByText('DEMO_TOKEN'));
    await visible(r.getByText(`${process.execPath} ${EVERYTHING} stdio`));
    expect(await page.content()).not.toContain(SECRET_VALUE);
  });

  it('discovers its tools and shows them with annotation badges', async () => {
    const page = admin.page;
    const r = row('everything');
    await r.getByRole('button', { name: 'Discover tools of everything' }).click();
    await visible(r.getByText(/^\d+ tools$/));
    await visible(r.getByText(/Last discovery/));
    const count = Number(((await r.getByText(/^\d+ tools$/).textContent()) ?? '').split(' ')[0]);
    expect(count).toBeGreaterThan(5);

    await r.getByRole('button', { name: 'Show tools of everything' }).click();
    const tools = page.getByRole('list', { name: 'Tools of everything' });
    await tools.waitFor();
    const echo = tools.getByRole('listitem').filter({ has: page.getByText('echo', { exact: true }) });
    await visible(echo.getByText('read-only'));
    await visible(echo.getByText(/Echoes back the input/i));
    expect(await tools.getByText('open-world').count()).toBeGreaterThan(0);
    expect(await tools.getByRole('listitem').count()).toBe(count);
    await admin.expectAccessible('tool catalog');
    await admin.shot('servers-tools.png');
    await r.getByRole('button', { name: 'Hide tools of everything' }).click();
  });

  it('imports the servers of a Claude Desktop config and says what it skipped', async () => {
    const page = admin.page;
    const config = join(admin.tmp, 'claude_desktop_config.json');
    copyFileSync(FIXTURE, config);
    await page.getByRole('button', { name: 'Import from Claude Desktop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from Claude Desktop' });
    await dialog.getByLabel(/Config file/).fill(config);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await visible(dialog.getByText('Added 2 servers'));
    await visible(dialog.getByText('filesystem', { exact: true }));
    await visible(dialog.getByText('github', { exact: true }));
    await admin.expectAccessible('import result');
    await admin.shot('servers-imported.png');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await visible(row('filesystem'));
    await visible(row('github').getByText('GITHUB_PERSONAL_ACCESS_TOKEN'));
    expect(await page.content()).not.toContain('ghp_exampleexample');

    // A second import skips both, with the reason.
    await page.getByRole('button', { name: 'Import from Claude Desktop' }).click();
    await dialog.getByLabel(/Config file/).fill(config);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await visible(dialog.getByText('Added 0 servers'));
    await visible(dialog.getByText('already registered as filesystem'));
    await dismiss(dialog);
  });

  it('shows a failing server’s error and stderr on its row', async () => {
    const page = admin.page;
    const script = join(admin.tmp, 'broken-server.sh');
    writeFileSync(script, '#!/bin/sh\necho "broken-server: missing config file /etc/broken.conf" >&2\nexit 3\n', { mode: 0o755 });
    await page.getByRole('button', { name: 'Add server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add server' });
    await dialog.getByLabel('Name', { exact: true }).fill('broken');
    await dialog.getByLabel('Command', { exact: true }).fill(script);
    await dialog.getByRole('button', { name: 'Add server' }).click();
    await dialog.waitFor({ state: 'detached' });

    const r = row('broken');
    await r.getByRole('button', { name: 'Discover tools of broken' }).click();
    await visible(r.getByText('Discovery failed.'));
    await visible(r.locator('pre').getByText('broken-server: missing config file /etc/broken.conf'));
    await r.scrollIntoViewIfNeeded();
    await admin.expectAccessible('discovery error');
    await admin.shot('servers-error.png');
    // The error is stored: it is still there after a reload.
    await page.reload();
    await visible(row('broken').locator('pre').getByText('broken-server: missing config file'));
  });

  it('removes a server after confirming', async () => {
    const page = admin.page;
    await row('github').getByRole('button', { name: 'Remove github' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove “github”?' });
    await visible(dialog.getByText(/lose access/));
    await admin.expectAccessible('remove dialog');
    await dialog.getByRole('button', { name: 'Remove server' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('github').waitFor({ state: 'detached' });
    const list = admin.cli<{ name: string }[]>(['servers', 'list']);
    expect(list.map((s) => s.name).sort()).toEqual(['broken', 'everything', 'filesystem']);
  });

  it('follows a dark OS theme', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await admin.expectAccessible('servers (dark)');
    await admin.shot('servers-dark.png');
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByRole('dialog', { name: 'Add server' }).waitFor();
    await admin.expectAccessible('add server (dark)');
    await admin.shot('servers-add-dark.png');
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
