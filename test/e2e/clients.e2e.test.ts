// Clients screen end to end against a temp HOME: Claude Desktop detected with its two
// servers, Protect with the masked diff (the env secret never reaches the page), Apply
// rewrites the file to launch `guard --server NAME` without the old secret, the restart
// notice, Unprotect with its diff, a malformed config refused where it shows, and a
// backup restored byte for byte. Light and dark, axe on each state.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dismiss, useAdmin, visible } from './admin-harness';
import { claudeConfigPath, FIXTURES, GITHUB_SECRET, writeClaudeConfig } from './claude-fixture';

let original: Buffer;
let configPath: string;
const admin = useAdmin('clients', {
  tempHome: true,
  setup: () => {
    original = writeClaudeConfig(admin.home);
    configPath = claudeConfigPath(admin.home);
  },
});

function card() {
  return admin.page.getByRole('article', { name: 'Claude Desktop' });
}

function row(name: string) {
  return card().getByRole('row', { name, exact: true });
}

describe('Clients screen', () => {
  it('lists Claude Desktop with its config path and unprotected servers', async () => {
    await admin.open('/clients', 'Clients');
    await visible(card());
    await visible(card().getByText(configPath));
    await visible(row('filesystem').getByText('Unprotected'));
    await visible(row('github').getByText('Unprotected'));
    await visible(card().getByText('2 unprotected'));
    await visible(admin.page.getByText(/Not found on this computer: .*Cursor/));
    // Launch lines are shown, env values never.
    expect(await admin.page.content()).not.toContain(GITHUB_SECRET);
    await admin.expectAccessible('clients');
    await admin.shot('clients-unprotected.png');
  });

  it('protects a server: masked diff, apply, restart notice', async () => {
    const page = admin.page;
    await row('github').getByRole('button', { name: 'Protect github' }).click();
    const dialog = page.getByRole('dialog', { name: 'Protect Claude Desktop servers' });
    await dialog.waitFor();
    expect(await dialog.getByRole('checkbox', { name: /github/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: /filesystem/ }).isChecked()).toBe(false);
    // No key yet: the dialog offers to create one for this client.
    expect(await dialog.getByLabel('API key').inputValue()).toBe('__new__');
    await admin.expectAccessible('protect dialog');
    await admin.shot('clients-protect-choose.png');

    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    const diff = dialog.getByRole('region', { name: `Changes to ${configPath}` });
    await visible(diff);
    const text = await diff.innerText();
    expect(text).toContain('guard');
    expect(text).toContain('••••••••');
    expect(text).toMatch(/^-.*GITHUB_PERSONAL_ACCESS_TOKEN/m);
    expect(text).not.toContain(GITHUB_SECRET);
    expect(text).not.toMatch(/ghk_[A-Za-z0-9_]{8,}/);
    expect(await page.content()).not.toContain(GITHUB_SECRET);
    // Nothing written before Apply.
    expect(readFileSync(configPath).equals(original)).toBe(true);
    await visible(dialog.getByText(/Created the key/));
    await admin.expectAccessible('protect diff');
    await admin.shot('clients-protect-diff.png');

    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visible(card().getByRole('status').getByText('Restart Claude Desktop to apply.', { exact: false }));
    await visible(row('github').getByText('Protected'));
    await visible(row('github').getByText('Claude Desktop', { exact: true }));
    await visible(row('filesystem').getByText('Unprotected'));

    const written = JSON.parse(readFileSync(configPath, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
      globalShortcut: string;
    };
    const gh = written.mcpServers.github!;
    expect(gh.args.slice(-3)).toEqual(['guard', '--server', 'github']);
    // The entry was replaced wholly: only Gatehouse's variables (the key, and this test's data dir).
    expect(Object.keys(gh.env ?? {}).sort()).toEqual(['GATEHOUSE_API_KEY', 'GATEHOUSE_DATA_DIR']);
    expect(gh.env!.GATEHOUSE_API_KEY).toMatch(/^ghk_/);
    expect(readFileSync(configPath, 'utf8')).not.toContain(GITHUB_SECRET);
    // The rest of the file is untouched.
    expect(written.mcpServers.filesystem!.args).toEqual(JSON.parse(original.toString()).mcpServers.filesystem.args);
    expect(written.globalShortcut).toBe('Ctrl+Space');
    await admin.expectAccessible('protected');
    await admin.shot('clients-protected.png');
  });

  it('shows the diff of Unprotect and cancels without writing', async () => {
    const page = admin.page;
    const before = readFileSync(configPath);
    await row('github').getByRole('button', { name: 'Unprotect github' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unprotect Claude Desktop servers' });
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    const diff = dialog.getByRole('region', { name: `Changes to ${configPath}` });
    await visible(diff);
    const text = await diff.innerText();
    expect(text).toMatch(/^\+.*GITHUB_PERSONAL_ACCESS_TOKEN/m);
    expect(text).not.toContain(GITHUB_SECRET);
    await admin.shot('clients-unprotect-diff.png');
    await dismiss(dialog);
    expect(readFileSync(configPath).equals(before)).toBe(true);
  });

  it('restores the backup taken before protect, byte for byte', async () => {
    const page = admin.page;
    await card().getByRole('button', { name: `Backups of ${configPath}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Backups of Claude Desktop config' });
    const item = dialog.getByRole('listitem').filter({ hasText: 'before protect' });
    await visible(item);
    await admin.expectAccessible('backups');
    await admin.shot('clients-backups.png');
    await item.getByRole('button', { name: 'Restore' }).click();
    // Restore confirms first, with the consequence.
    await visible(dialog.getByText(/Whatever it holds now is backed up first/));
    await admin.shot('clients-restore-confirm.png');
    await dialog.getByRole('button', { name: 'Restore this backup' }).click();
    await visible(dialog.getByText(/^Restored\./));
    expect(readFileSync(configPath).equals(original)).toBe(true);
    // The bytes replaced were backed up too.
    await visible(dialog.getByRole('listitem').filter({ hasText: 'before a restore' }));
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await visible(row('github').getByText('Unprotected'));
  });

  it('refuses a malformed config where it shows, and leaves its bytes alone', async () => {
    const page = admin.page;
    const malformed = readFileSync(join(FIXTURES, 'claude_desktop_config.malformed.json'));
    writeFileSync(configPath, malformed);
    await page.getByRole('button', { name: 'Look again' }).click();
    await visible(card().getByText('This file could not be read, so Gatehouse will not change it.'));
    expect(await card().getByRole('button', { name: 'Protect…' }).count()).toBe(0);
    await admin.expectAccessible('malformed');
    await admin.shot('clients-malformed.png');
    expect(readFileSync(configPath).equals(malformed)).toBe(true);
    writeFileSync(configPath, original);
    await page.getByRole('button', { name: 'Look again' }).click();
    await visible(row('github'));
  });

  it('follows a dark OS theme', async () => {
    const page = admin.page;
    await page.emulateMedia({ colorScheme: 'dark' });
    await admin.expectAccessible('clients (dark)');
    await admin.shot('clients-dark.png');
    await row('filesystem').getByRole('button', { name: 'Protect filesystem' }).click();
    const dialog = page.getByRole('dialog', { name: 'Protect Claude Desktop servers' });
    // The key made for github is offered now; keep it.
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    await visible(dialog.getByRole('region', { name: `Changes to ${configPath}` }));
    await admin.expectAccessible('protect diff (dark)');
    await admin.shot('clients-protect-diff-dark.png');
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
