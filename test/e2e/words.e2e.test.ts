// Item 6 of issue 15 end to end: words and warnings that are true. A master key in a key
// file is said once (Overview's list, else one banner), can be dismissed, and its fix is
// the one this platform allows (here: Linux without a keychain), never "put the master
// key in the env"; "Default (120/min)" where the default applies; a new sign-in link for
// the running serve from `gatehouse admin-link`; a favicon; the rotated key's show-once
// dialog asks before closing uncopied.
import { describe, expect, it } from 'vitest';
import { addEverything, createKey, dismiss, useAdmin, visible } from './admin-harness';

let keyId = '';
// No GATEHOUSE_MASTER_KEY and no keychain on this machine: the key file is used.
const admin = useAdmin('words', {
  env: { GATEHOUSE_MASTER_KEY: '' },
  setup: () => {
    addEverything(admin);
    keyId = createKey(admin, 'Laptop', 'everything:echo').id;
  },
});

describe('Words and warnings', () => {
  it('says a key file is weak once on Overview, with a fix that works here', async () => {
    await admin.open('/', 'Overview');
    const page = admin.page;
    const item = page.getByRole('list', { name: 'Warnings' }).getByRole('listitem').filter({ hasText: 'The master key is in a key file' });
    await visible(item);
    await visible(item.getByText(/No keychain answers on this machine\. On a desktop, install and unlock GNOME Keyring or KWallet/));
    expect(await page.getByText(/master key/i).count()).toBe(1);
    expect(await page.getByText(/GATEHOUSE_MASTER_KEY/).count()).toBe(0);
    await admin.expectAccessible('overview, key file');
    await admin.shot('words-overview-key-file.png');
  });

  it('shows one dismissible banner on the other screens, remembered after a reload', async () => {
    await admin.open('/keys', 'API keys');
    const page = admin.page;
    const banner = page.getByRole('main').locator('div').filter({ hasText: /^The master key is in a file next to the data/ }).first();
    await visible(banner);
    expect(await page.getByText(/master key/i).count()).toBe(1);
    await admin.lightAndDark('keys, key-file banner', 'words-banner');
    await page.getByRole('button', { name: 'Dismiss the master key warning' }).click();
    await banner.waitFor({ state: 'detached' });
    await admin.open('/audit', 'Audit');
    expect(await page.getByText(/master key/i).count()).toBe(0);
  });

  it('does not offer a move to a keychain that is not there', async () => {
    await admin.open('/settings', 'Settings');
    const section = admin.page.getByRole('region', { name: 'Master key' });
    const move = section.getByRole('button', { name: 'Move to the OS keychain' });
    expect(await move.isDisabled()).toBe(true);
    await visible(section.getByText(/No keychain answers on this machine/));
    expect(await section.getByText(/GATEHOUSE_MASTER_KEY/).count()).toBe(0);
    await admin.expectAccessible('settings, no keychain');
    await admin.shot('words-settings-no-keychain.png');
  });

  it('says "Default (120/min)" where the default applies', async () => {
    await admin.open('/keys', 'API keys');
    const page = admin.page;
    await page.getByRole('button', { name: 'Laptop', exact: true }).click();
    const details = page.getByRole('dialog', { name: 'Laptop' });
    await visible(details.getByText('Default (120/min)', { exact: true }));
    expect(await details.getByText('None', { exact: true }).count()).toBe(0);
    await dismiss(details);
  });

  it('asks before closing a rotated key that was not copied', async () => {
    await admin.open('/keys', 'API keys');
    const page = admin.page;
    await page.getByRole('button', { name: 'Rotate Laptop' }).click();
    await page.getByRole('dialog', { name: 'Rotate “Laptop”' }).getByRole('button', { name: 'Rotate key' }).click();
    const shown = page.getByRole('dialog', { name: 'Your rotated API key' });
    await visible(shown.getByLabel('New API key', { exact: true }));
    await shown.getByRole('button', { name: 'Close' }).click();
    const ask = shown.getByRole('alert').filter({ hasText: 'You have not copied the key.' });
    await visible(ask);
    await admin.shot('words-rotated-not-copied.png');
    await ask.getByRole('button', { name: 'Close without copying' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(admin.cli<{ secrets: unknown[] }>(['keys', 'show', keyId]).secrets).toHaveLength(2);
  });

  it('has a favicon', async () => {
    const page = admin.page;
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('./favicon.svg');
    const res = await page.request.get(new URL('/admin/favicon.svg', admin.ready.issuer).href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/svg+xml');
  });

  it('gives a new sign-in link for the running serve, spent once', async () => {
    const link = admin.cli<{ admin_url: string; expires_at: string }>(['admin-link']);
    expect(new URL(link.admin_url).origin).toBe(new URL(admin.ready.issuer).origin);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000);
    const other = await admin.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const p = await other.newPage();
      await p.goto(link.admin_url);
      await p.getByRole('navigation', { name: 'Main' }).waitFor();
      const again = await (await admin.browser.newContext()).newPage();
      const refused = await again.goto(link.admin_url);
      expect(refused?.status()).toBe(401);
      await again.context().close();
    } finally {
      await other.close();
    }
    const { events } = await admin.api<{ events: { action: string; actor: string }[] }>('audit.query', { limit: 50 });
    expect(events.find((e) => e.action === 'admin.sign_in_link')?.actor).toBe('cli');
  });
});
