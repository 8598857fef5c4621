// Settings end to end: the screen is the sidebar's last entry and shows this
// install (version, schema, data dir), the master key source, the issuer and
// gateway base; audit retention and the largest message are saved through
// settings.update and survive a reload.
import { describe, expect, it } from 'vitest';
import { useAdmin, visible } from './admin-harness';

interface Settings {
  auditRetentionDays: number;
  maxMessageBytes: number;
  auditStoreArguments: boolean;
}
interface Status {
  version: string;
  dataDir: string;
  schemaVersion: number;
  issuer: string | null;
  gatewayBase: string | null;
}

const admin = useAdmin('settings', {
  timeoutMs: 120_000,
});

describe('Settings screen', () => {
  it('is the last sidebar entry and shows this install', async () => {
    const page = admin.page;
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    expect(await links.last().textContent()).toBe('Settings');
    await links.last().click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings');

    const status = await admin.api<Status>('system.status');
    expect(status.dataDir).toBe(admin.dataDir);
    expect(await page.getByTestId('data-dir').textContent()).toBe(status.dataDir);
    expect(await page.getByTestId('app-version').textContent()).toBe(status.version);
    await visible(page.getByRole('button', { name: 'Copy data directory' }));
    // The harness sets GATEHOUSE_MASTER_KEY.
    const masterKey = page.getByRole('region', { name: 'Master key' });
    await visible(masterKey.getByText(/environment variable/));
    expect(await page.getByTestId('settings-issuer').textContent()).toBe(status.issuer);
    expect(await page.getByTestId('settings-gateway').textContent()).toBe(status.gatewayBase);
    await visible(page.getByRole('link', { name: 'Change on the Rate limits screen' }));
    await visible(page.getByText(/follows your operating system/));
    await admin.expectAccessible('settings');
    await admin.shot('settings.png');
    await page.getByRole('heading', { name: 'Appearance' }).scrollIntoViewIfNeeded();
    await admin.shot('settings-lower.png');
    await admin.dark('settings', 'settings');
  });

  it('saves audit retention days, and they persist', async () => {
    await admin.open('/settings', 'Settings');
    const page = admin.page;
    const days = page.getByLabel('Keep events for');
    await days.fill('0');
    await page.getByRole('region', { name: 'Audit log' }).getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('A whole number of days from 1 to 3650.'));
    await days.fill('45');
    await page.getByRole('region', { name: 'Audit log' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await admin.api<Settings>('settings.get')).auditRetentionDays).toBe(45);
    await admin.open('/settings', 'Settings');
    await expect.poll(() => page.getByLabel('Keep events for').inputValue()).toBe('45');
  });

  it('saves the largest message in MiB', async () => {
    const page = admin.page;
    const before = await admin.api<Settings>('settings.get');
    expect(await page.getByRole('textbox', { name: 'Largest message' }).inputValue()).toBe(String(before.maxMessageBytes / 1024 / 1024));
    await page.getByRole('textbox', { name: 'Largest message' }).fill('1000');
    await page.getByRole('form', { name: 'Largest message' }).getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('A size from 0.0625 (64 KiB) to 256 MiB.'));
    await page.getByRole('textbox', { name: 'Largest message' }).fill('8');
    await page.getByRole('form', { name: 'Largest message' }).getByRole('button', { name: 'Save' }).click();
    await visible(page.getByRole('form', { name: 'Largest message' }).getByText('Saved.'));
    expect((await admin.api<Settings>('settings.get')).maxMessageBytes).toBe(8 * 1024 * 1024);
  });

  it('saves the gateway session caps and idle expiry, refusing what is out of range', async () => {
    await admin.open('/settings', 'Settings');
    const page = admin.page;
    const form = page.getByRole('form', { name: 'Gateway sessions' });
    expect(await form.getByLabel('Per key or OAuth app').inputValue()).toBe('5');
    expect(await form.getByLabel('In total').inputValue()).toBe('20');
    expect(await form.getByLabel('End idle sessions after').inputValue()).toBe('5');
    await form.getByLabel('Per key or OAuth app').fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    await visible(form.getByText('A whole number from 1 to 1,000.'));
    await form.getByLabel('Per key or OAuth app').fill('3');
    await form.getByLabel('End idle sessions after').fill('15');
    await form.getByRole('button', { name: 'Save' }).click();
    await visible(form.getByText('Saved.'));
    expect(await admin.api<Settings>('settings.get')).toMatchObject({ gatewaySessionsPerPrincipal: 3, gatewaySessionsTotal: 20, gatewaySessionIdleMinutes: 15 });
    await form.scrollIntoViewIfNeeded();
    await admin.expectAccessible('gateway session caps');
    await admin.shot('settings-session-caps.png');
  });

  it('turns on storing tool arguments', async () => {
    await admin.open('/settings', 'Settings');
    const page = admin.page;
    const toggle = page.getByRole('switch', { name: 'Store tool arguments' });
    await visible(page.getByText(/values that look like secrets .* are redacted/));
    await toggle.click();
    await expect.poll(async () => (await admin.api<Settings>('settings.get')).auditStoreArguments).toBe(true);
  });

  it('explains a master key in a key file, and a stopped AS (status answered by a stub)', async () => {
    const page = admin.page;
    // The harness always sets GATEHOUSE_MASTER_KEY and serve always serves HTTP: stub the answer to see the other states.
    let moved = false;
    await page.route('**/admin/api/system.status', async (route) => {
      const real = await route.fetch();
      const body = (await real.json()) as { data: Record<string, unknown> };
      Object.assign(body.data, { masterKeySource: moved ? 'keychain' : 'file', masterKeyWeak: !moved, issuer: null, gatewayBase: null, httpError: 'listen EADDRINUSE: address already in use 127.0.0.1:7337' });
      await route.fulfill({ response: real, json: body });
    });
    try {
      await admin.open('/settings', 'Settings');
      const masterKey = page.getByRole('region', { name: 'Master key' });
      await visible(masterKey.getByText(/The master key is in a key file next to the data/));
      await visible(masterKey.getByText(`${admin.dataDir}/master.key`));
      // No advice that would copy the key into client configs' env in plain text.
      expect(await masterKey.getByText(/GATEHOUSE_MASTER_KEY/).count()).toBe(0);
      const as = page.getByRole('group', { name: 'Authorization server' });
      await visible(as.getByText('Stopped', { exact: true }));
      await visible(as.getByText(/EADDRINUSE/));
      await visible(page.getByRole('region', { name: 'Authorization server and gateway' }).getByText(/Free the port/));
      await page.getByRole('heading', { name: 'Master key' }).scrollIntoViewIfNeeded();
      await admin.expectAccessible('settings, weak key, AS stopped');
      await admin.shot('settings-weak-key.png');

      // Move to the keychain: the real server refuses (its key is in the environment) and the dialog says why.
      await masterKey.getByRole('button', { name: 'Move to the OS keychain' }).click();
      const dialog = page.getByRole('dialog', { name: 'Move the master key to the OS keychain?' });
      await visible(dialog.getByText(/reads it back, then deletes/));
      await dialog.getByRole('button', { name: 'Move key' }).click();
      await visible(dialog.getByText(/it comes from the GATEHOUSE_MASTER_KEY environment variable\. Nothing was changed/));
      await admin.expectAccessible('master key move refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      // A machine with a keychain (stubbed): the section switches to the keychain and says the file is gone;
      // the status read again after the move says so too, as the real server's would.
      await page.route('**/admin/api/system.masterKey.moveToKeychain', async (route) => {
        moved = true;
        const status = (await (await route.fetch({ url: route.request().url().replace('system.masterKey.moveToKeychain', 'system.status') })).json()) as { data: Record<string, unknown> };
        await route.fulfill({ json: { data: { status: { ...status.data, masterKeySource: 'keychain', masterKeyWeak: false }, fileLeft: null } } });
      });
      await masterKey.getByRole('button', { name: 'Move to the OS keychain' }).click();
      await dialog.getByRole('button', { name: 'Move key' }).click();
      await dialog.waitFor({ state: 'detached' });
      await visible(masterKey.getByText(/In the OS keychain/));
      await visible(masterKey.getByText(/Moved\. The key file is deleted/));
      expect(await masterKey.getByRole('button', { name: 'Move to the OS keychain' }).count()).toBe(0);
    } finally {
      await page.unroute('**/admin/api/system.masterKey.moveToKeychain');
      await page.unroute('**/admin/api/system.status');
    }
  });
});
