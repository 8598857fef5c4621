// End to end: `gatehouse serve` with a fresh data dir, the admin UI in Chromium,
// and the API keys screen from empty state to revoked key. axe-core checks every
// screen; screenshots land in test-results/ for a person to look at.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible as checkAccessible, RESULTS, ROOT, visible } from './admin-harness';

const KEY_FORMAT = /^ghk_[A-Za-z0-9]+_[A-Za-z0-9]+_[A-Za-z0-9]+$/;
const KEY_NAME = 'e2e laptop';

interface Ready {
  issuer: string;
  admin_url: string;
  gateway_base: string;
}

let dataDir = '';
let serveStderr = '';
let ready: Ready;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const servers: ChildProcess[] = [];

/** Starts `gatehouse serve` on DIR; without a master key in the env it falls back to a key file. */
function startServe(dir: string, masterKey: string | null): Promise<Ready> {
  const env = { ...process.env };
  delete env.GATEHOUSE_MASTER_KEY;
  if (masterKey) env.GATEHOUSE_MASTER_KEY = masterKey;
  const child = spawn(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--data-dir', dir, '--port', '0', '--json'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  child.stderr?.on('data', (chunk: Buffer) => {
    serveStderr += chunk.toString();
  });
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no ready line in 20 s; stderr:\n${serveStderr}`)), 20_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveReady(JSON.parse(line) as Ready);
      } catch {
        reject(new Error(`serve's first stdout line is not JSON: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}; stderr:\n${serveStderr}`));
    });
  });
}

function expectAccessible(screen: string): Promise<void> {
  return checkAccessible(page, screen);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS, name), fullPage: false });
}


function keyRow() {
  return page.getByRole('row').filter({ has: page.getByRole('button', { name: KEY_NAME, exact: true }) });
}

describe('API keys screen', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out/renderer/index.html')) || !existsSync(join(ROOT, 'out/main/cli.js'))) {
      const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('electron-vite build failed');
    }
    mkdirSync(RESULTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-keys-'));
    ready = await startServe(join(dataDir, 'env-key'), randomBytes(32).toString('base64'));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all(
      servers.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }),
    );
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('signs in through the one-time admin URL and shows the empty state', async () => {
    expect(ready.admin_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin\/login\?token=/);
    await page.goto(ready.admin_url);
    // Sign-in lands on Overview (the default route); the keys screen is one click away.
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/');
    await page.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBeGreaterThanOrEqual(5);
    await visible(page.getByText('Running', { exact: true }));
    await expectAccessible('empty state');
    await shot('keys-empty.png');
  });

  it('does not sign in a second time with the same admin URL', async () => {
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      const response = await p.goto(ready.admin_url);
      expect(response?.status()).toBe(401);
      expect(await other.cookies()).toEqual([]);
      expect(await p.getByRole('heading', { name: 'API keys', level: 1 }).count()).toBe(0);
      // The UI itself is refused without a session too.
      const ui = await p.goto(new URL('/admin/', ready.issuer).href);
      expect(ui?.status()).toBe(401);
    } finally {
      await other.close();
    }
  });

  let firstSecret = '';

  it('creates a key with a rule and shows it once', async () => {
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.waitFor();
    await expect.poll(() => page.getByLabel('Key name').evaluate((el) => el === document.activeElement)).toBe(true);

    // The dialog's own validation speaks where the problem is.
    await dialog.getByRole('button', { name: 'Show patterns' }).click();
    await dialog.getByRole('button', { name: 'Add pattern' }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await visible(dialog.getByText('Give the key a name.'));
    await visible(dialog.getByText(/A pattern is SERVER:TOOLGLOB/));

    await page.getByLabel('Key name').fill(KEY_NAME);
    // No server is registered here: patterns for one to come.
    await dialog.getByRole('textbox', { name: 'Pattern 1', exact: true }).fill('fs:read_*');
    await visible(dialog.getByText(/fs:read_\* names no registered server/));
    await dialog.getByRole('button', { name: 'Add pattern' }).click();
    await dialog.getByLabel('Effect of pattern 2').selectOption('deny');
    await dialog.getByRole('textbox', { name: 'Pattern 2', exact: true }).fill('fs:read_secret*');
    await dialog.getByRole('radio', { name: 'Never' }).check();
    await visible(dialog.getByText(/never expires keeps working/));
    await dialog.getByRole('radio', { name: '90 days' }).check();
    await expectAccessible('create dialog');
    await shot('keys-create.png');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    // It allows nothing yet (fs is not registered): asked once, then created.
    await dialog.getByRole('alert').getByRole('button', { name: 'Create anyway' }).click();

    const secretBox = page.getByLabel('New API key', { exact: true });
    await secretBox.waitFor();
    firstSecret = ((await secretBox.textContent()) ?? '').trim();
    expect(firstSecret).toMatch(KEY_FORMAT);
    await visible(page.getByText('Copy this key now. Gatehouse will not show it again.'));

    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await visible(page.getByRole('button', { name: 'Copied' }));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstSecret);
    await expectAccessible('new key');
    await shot('keys-created.png');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(firstSecret);
  });

  it('lists the key with its prefix and status', async () => {
    const row = keyRow();
    await row.waitFor();
    await visible(row.getByText('Active'));
    await visible(row.getByText(/^ghk_\w+…$/));
    await visible(row.getByText(/expires in 90 days/));
    await visible(row.getByText('Never')); // last used
    // Sorting by a header works from the keyboard too.
    const nameHeader = page.getByRole('columnheader', { name: 'Name' });
    await nameHeader.getByRole('button').press('Enter');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await expectAccessible('key list');
    await shot('keys-list.png');
  });

  it('rotates the key with one hour of grace', async () => {
    await page.getByRole('button', { name: `Rotate ${KEY_NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Rotate “${KEY_NAME}”` });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: '24 hours' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: '1 hour' }).check();
    await visible(dialog.getByText('The old key keeps working for 1 hour.'));
    await expectAccessible('rotate dialog');
    await shot('keys-rotate.png');
    await dialog.getByRole('button', { name: 'Rotate key' }).click();

    const secretBox = page.getByLabel('New API key', { exact: true });
    await secretBox.waitFor();
    const rotated = ((await secretBox.textContent()) ?? '').trim();
    expect(rotated).toMatch(KEY_FORMAT);
    expect(rotated).not.toBe(firstSecret);
    await visible(page.getByText('Copy this key now. Gatehouse will not show it again.'));
    await shot('keys-rotated-secret.png');
    // Not copied: closing asks first.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Close without copying' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(rotated);

    await visible(keyRow().getByText(/^Rotating/));
  });

  it('shows the key details with the secret in grace', async () => {
    await page.getByRole('button', { name: KEY_NAME, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: KEY_NAME });
    await dialog.waitFor();
    await visible(dialog.getByText('old, in grace', { exact: true }));
    await visible(dialog.getByText('current', { exact: true }));
    await visible(dialog.getByText('fs:read_secret*'));
    await expectAccessible('key details');
    await shot('keys-details.png');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('revokes the key after spelling out the consequence', async () => {
    await page.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke “${KEY_NAME}”?` });
    await dialog.waitFor();
    await visible(dialog.getByText(/Anything using this key loses access immediately\./));
    await expectAccessible('revoke dialog');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = keyRow();
    await visible(row.getByText('Revoked'));
    await expect.poll(() => row.getByRole('button', { name: /Rotate|Revoke/ }).count()).toBe(0);
  });

  it('follows a dark OS theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    await expectAccessible('key list (dark)');
    await shot('keys-dark.png');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('dialog', { name: 'Create API key' }).waitFor();
    await expectAccessible('create dialog (dark)');
    await shot('keys-create-dark.png');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says so plainly when the browser session ends', async () => {
    await context.clearCookies();
    // The revoke invalidated this key's details, so opening them asks the server again.
    await page.getByRole('button', { name: KEY_NAME, exact: true }).click();
    await page.getByRole('heading', { name: 'Your session has ended' }).waitFor();
    await visible(page.getByText(/Open the admin URL that gatehouse serve printed \(it works once\)/));
    await expectAccessible('session ended');
    await shot('keys-session-ended.png');
  });

  it('warns about a master key in a key file and about a lost connection', async () => {
    // A fresh data dir holding a key file: the keychain has no entry for it, so the file is used.
    const weakDir = join(dataDir, 'file-key');
    mkdirSync(weakDir, { recursive: true });
    writeFileSync(join(weakDir, 'master.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const weak = await startServe(weakDir, null);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const p = await ctx.newPage();
      p.setDefaultTimeout(10_000);
      await p.goto(weak.admin_url);
      // Once on Overview: under "Needs attention", not as a banner too.
      await p.getByRole('list', { name: 'Warnings' }).getByText(/The master key is in a key file next to the data/).waitFor();
      expect(await p.getByText(/master key/i).count()).toBe(1);
      await p.screenshot({ path: join(RESULTS, 'keys-weak-master-key.png') });

      // A lost connection: the error shows in the dialog where it happened, and in the shell.
      await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
      await p.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
      await p.route('**/admin/api/**', (route) => route.abort('connectionrefused'));
      await p.getByRole('button', { name: 'Create key' }).click();
      const dialog = p.getByRole('dialog', { name: 'Create API key' });
      // The form needs the servers: their load fails, said in the dialog with Try again.
      await visible(dialog.getByRole('alert').filter({ hasText: 'Gatehouse is not reachable' }));
      await visible(dialog.getByRole('button', { name: 'Try again' }));
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      const banner = p.getByRole('alert').filter({ hasText: 'Gatehouse is not reachable.' });
      await visible(banner);
      await p.screenshot({ path: join(RESULTS, 'keys-unreachable.png') });
      await p.unroute('**/admin/api/**');
      // Try again reconnects; the sidebar's consent poll (every 5 s) may get there first,
      // which ends the banner the same way: either one, and the banner goes.
      const clicked = banner.getByRole('button', { name: 'Try again' }).click();
      clicked.catch(() => undefined);
      await Promise.race([clicked, banner.waitFor({ state: 'detached' })]);
      await banner.waitFor({ state: 'detached' });
    } finally {
      await ctx.close();
    }
  });
});
