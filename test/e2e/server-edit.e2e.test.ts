// The screens end to end against a temp HOME: a Claude Desktop server named
// "my files (work)" protected under its derived registry name (shown on Clients and
// Servers), edited on the Servers screen (Edit dialog; env values write-only), and the
// Overview's warning for a config that still holds a rotated key's old secret, in its
// grace and past it, with the button that writes the new key there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CreatedKey, ServerDetail } from '../../src-preload/contract';
import { guardSession, useAdmin, visible } from './admin-harness';
import { claudeConfigPath, ECHO } from './claude-fixture';

let configPath: string;
let key: CreatedKey;
const admin = useAdmin('server-edit', {
  tempHome: true,
  setup: async () => {
    configPath = claudeConfigPath(admin.home);
    mkdirSync(dirname(configPath), { recursive: true });
    writeFileSync(configPath, JSON.stringify({ mcpServers: { [NAME]: { command: process.execPath, args: [ECHO, '--first'], env: { TOKEN: 'first-secret' } } } }, null, 2));
    key = await admin.api<CreatedKey>('keys.create', { name: 'Claude Desktop', expiresInSeconds: null, rules: [{ effect: 'allow', pattern: 'my-files-work:*' }], rateLimit: null });
    await admin.api('clients.protect', { client: 'claude-desktop', servers: [NAME], keyId: key.key.id });
  },
});
const NAME = 'my files (work)';

const entryKey = () => (JSON.parse(readFileSync(configPath, 'utf8')).mcpServers[NAME].env.GATEHOUSE_API_KEY as string);

describe('server names, Edit and the rotated-key warning', () => {
  it('Clients shows the app’s name and the registry name it maps to', async () => {
    await admin.open('/clients', 'Clients');
    const row = admin.page.getByRole('article', { name: 'Claude Desktop' }).getByRole('row', { name: NAME });
    await visible(row.getByText('→ my-files-work'));
    await visible(row.getByText('Protected'));
    await admin.expectAccessible('clients with a derived name');
  });

  it('Edit on the Servers screen changes args and env; values are never shown', async () => {
    const page = admin.page;
    await admin.open('/servers', 'Servers');
    const row = page.getByRole('listitem', { name: 'my-files-work' });
    await visible(row.getByText('in client configs: “my files (work)”'));
    await row.getByRole('button', { name: 'Edit my-files-work' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit my-files-work' });
    await visible(dialog);
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('my-files-work');
    expect(await dialog.getByLabel('Name', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await dialog.getByLabel('Arguments').inputValue()).toBe(`${ECHO}\n--first`);
    // The stored env var: its name, an empty value that keeps it, never the value.
    expect(await dialog.getByLabel('Variable 1 name', { exact: true }).inputValue()).toBe('TOKEN');
    expect(await dialog.getByLabel('Variable 1 value', { exact: true }).inputValue()).toBe('');
    expect(await dialog.getByLabel('Variable 1 value', { exact: true }).getAttribute('placeholder')).toBe('unchanged (stored)');
    expect(await page.content()).not.toContain('first-secret');
    await admin.lightAndDark('edit server dialog', 'server-edit');

    await dialog.getByLabel('Arguments').fill(`${ECHO}\n--narrower`);
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByLabel('Variable 2 name', { exact: true }).fill('MODE');
    await dialog.getByLabel('Variable 2 value', { exact: true }).fill('read-only');
    await dialog.getByRole('button', { name: 'Save' }).press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await visible(row.getByText(`${ECHO} --narrower`));
    await visible(row.getByText('TOKEN, MODE'));

    const detail = await admin.api<ServerDetail>('servers.get', { name: NAME });
    expect(detail).toMatchObject({ name: 'my-files-work', args: [ECHO, '--narrower'], envNames: ['TOKEN', 'MODE'] });
    // The guard starts the edited server, with the kept secret and the new variable.
    const client = await guardSession(admin, 'my-files-work', key.secret);
    try {
      const has = async (name: string) => ((await client.callTool({ name: 'env', arguments: { name } })).content as { text: string }[])[0]!.text;
      expect(await has('TOKEN')).toBe('true');
      expect(await has('MODE')).toBe('true');
    } finally {
      await client.close();
    }
  });

  it('Overview warns per config while it holds the old secret (in its grace, then past it); Write the new key fixes it', async () => {
    const page = admin.page;
    const warning = page.getByRole('list', { name: 'Warnings' }).getByRole('listitem').filter({ hasText: 'old secret' });
    const writeNewKey = async () => {
      const old = entryKey();
      await warning.getByRole('button', { name: 'Write the new key' }).click();
      await warning.waitFor({ state: 'detached' });
      expect(entryKey()).not.toBe(old);
      expect(entryKey()).toBe((await admin.api<{ secret: string }>('keys.reveal', { id: key.key.id })).secret);
    };

    await admin.api('keys.rotate', { id: key.key.id, graceSeconds: 3600 });
    await admin.open('/', 'Overview');
    await visible(warning.getByText(/Claude Desktop config holds key Claude Desktop’s old secret in its grace \(works until in (\d+ min|1 hour)\): my files \(work\)\./));
    await admin.expectAccessible('overview key in grace');
    await admin.shot('overview-key-grace.png');
    await writeNewKey();

    // Rotated with no grace: the secret the config holds is refused from now on.
    await admin.api('keys.rotate', { id: key.key.id, graceSeconds: 0 });
    await admin.open('/', 'Overview');
    await visible(warning.getByText(/holds key Claude Desktop’s old secret past its grace \(ended just now\): my files \(work\) are refused\./));
    await admin.lightAndDark('overview key past grace', 'overview-key-past-grace');
    await writeNewKey();
  });
});
