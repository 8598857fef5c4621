// The first run end to end, from an empty data dir and a temp HOME holding a Claude
// Desktop config: Overview offers the two-minute path; "Skip for now" is remembered and
// the path stays reachable from Overview; found servers all ticked; each discovered;
// one key allowed the tools each server has today, shown once; the masked diff; Apply
// rewrites the file to launch the guard for every server, without the old secret.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KeySummary } from '../../src-preload/contract';
import { useAdmin, visible } from './admin-harness';
import { claudeConfigPath, GITHUB_SECRET, writeClaudeConfig } from './claude-fixture';

let original: Buffer;
let configPath: string;
const admin = useAdmin('first-run', {
  tempHome: true,
  setup: () => {
    original = writeClaudeConfig(admin.home);
    configPath = claudeConfigPath(admin.home);
  },
});

describe('First run', () => {
  it('is offered on Overview when there is no key and Claude Desktop has servers', async () => {
    expect(await admin.api<{ keys: KeySummary[] }>('keys.list')).toEqual({ keys: [], nextCursor: null });
    await admin.open('/', 'Overview');
    const offer = admin.page.getByRole('region', { name: 'Protect Claude Desktop in two minutes' });
    await visible(offer);
    await visible(offer.getByText(/starts 2 servers/));
    await admin.expectAccessible('overview with first-run offer');
    await admin.shot('first-run-offer.png');
  });

  it('can be skipped, is remembered, and stays reachable from Overview', async () => {
    const page = admin.page;
    await page.getByRole('region', { name: 'Protect Claude Desktop in two minutes' }).getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('region', { name: 'Protect Claude Desktop in two minutes' }).waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Client apps' }).waitFor();
    expect(await page.getByRole('region', { name: 'Protect Claude Desktop in two minutes' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Protect Claude Desktop in two minutes' }).click();
    await page.getByRole('heading', { name: 'Protect Claude Desktop', level: 1 }).waitFor();
  });

  it('step 1: finds Claude Desktop with its servers, all ticked', async () => {
    const page = admin.page;
    await visible(page.getByRole('heading', { name: 'Claude Desktop — 2 servers, none protected' }));
    await visible(page.getByText(configPath));
    expect(await page.getByRole('checkbox', { name: /filesystem/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /github/ }).isChecked()).toBe(true);
    expect(await page.content()).not.toContain(GITHUB_SECRET);
    await admin.lightAndDark('first run step 1', 'first-run-1-found');
  });

  it('step 2: asks the servers at once; one that does not answer can be skipped, then tried again', async () => {
    const page = admin.page;
    // filesystem's answer (the first server) is held back (a server still downloading, say) until the test lets it go.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    await page.route('**/admin/api/servers.discover', async (route) => {
      if (holding && (route.request().postDataJSON() as { name: string }).name === 'filesystem') await held;
      await route.continue().catch(() => undefined);
    });
    try {
      await page.getByRole('button', { name: 'Continue' }).click();
      const tools = page.getByRole('list', { name: 'Servers and their tools' });
      const filesystem = tools.getByRole('listitem', { name: 'filesystem' });
      // github answers while filesystem, before it in the list, is still being asked: they run side by side.
      await visible(tools.getByRole('listitem', { name: 'github' }).getByText('3 tools'));
      await visible(filesystem.getByText('Asking for its tools…'));
      expect(await page.getByRole('button', { name: 'Create key' }).isDisabled()).toBe(true);
      await filesystem.getByRole('button', { name: 'Skip filesystem' }).click();
      await visible(filesystem.getByText('Skipped'));
      await visible(page.getByText(/Skipped filesystem: the key will not allow its tools yet/));
      expect(await page.getByRole('button', { name: 'Create key' }).isDisabled()).toBe(false);
      await admin.expectAccessible('first run step 2, a server skipped');
      await admin.shot('first-run-2-skipped.png');
      holding = false;
      release();
      await filesystem.getByRole('button', { name: 'Try again for filesystem' }).click();
      await visible(filesystem.getByText('3 tools'));
      expect(await page.getByText(/Skipped filesystem/).count()).toBe(0);
    } finally {
      release();
      await page.unroute('**/admin/api/servers.discover');
    }
  });

  it('step 2: discovers each server and creates one key allowed their tools, shown once', async () => {
    const page = admin.page;
    const tools = page.getByRole('list', { name: 'Servers and their tools' });
    await visible(tools.getByRole('listitem', { name: 'filesystem' }).getByText('3 tools'));
    await visible(tools.getByRole('listitem', { name: 'github' }).getByText('3 tools'));
    expect(await page.getByLabel('Tools of github the key may call').inputValue()).toBe('all');
    await admin.expectAccessible('first run step 2');
    await admin.shot('first-run-2-tools.png');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('new-key-secret');
    await visible(secret);
    const value = (await secret.textContent()) ?? '';
    expect(value).toMatch(/^ghk_/);
    await visible(page.getByText('Copy this key now. Gatehouse will not show it again.'));
    await admin.expectAccessible('first run key');
    await admin.shot('first-run-2-key.png');

    const { keys } = await admin.api<{ keys: KeySummary[] }>('keys.list');
    expect(keys).toHaveLength(1);
    expect(keys[0]!.name).toBe('Claude Desktop');
    expect(keys[0]!.rules.map((r) => r.pattern).sort()).toEqual(
      [
        'filesystem:echo',
        'filesystem:env',
        'filesystem:pid',
        'filesystem:resource:*',
        'filesystem:prompt:*',
        'github:echo',
        'github:env',
        'github:pid',
        'github:resource:*',
        'github:prompt:*',
      ].sort(),
    );
    await page.getByRole('button', { name: 'Done' }).click();
    // Shown once: gone from the page as soon as it was acknowledged.
    await secret.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(value);
  });

  it('step 3: previews the diff with secrets masked, writing nothing', async () => {
    const page = admin.page;
    const diff = page.getByRole('region', { name: `Changes to ${configPath}` });
    await visible(diff);
    const text = await diff.innerText();
    expect(text).toContain('"guard"');
    expect(text).toContain('••••••••');
    expect(text).not.toContain(GITHUB_SECRET);
    expect(text).not.toMatch(/ghk_[A-Za-z0-9_]{8,}/);
    expect(readFileSync(configPath).equals(original)).toBe(true);
    await admin.expectAccessible('first run step 3');
    await admin.shot('first-run-3-preview.png');
  });

  it('step 4: applies and says to restart Claude Desktop; the config is protected', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: 'Apply' }).click();
    await visible(page.getByRole('status').getByText('Restart Claude Desktop to apply.'));
    await visible(page.getByText('Protected 2 servers: filesystem, github.'));
    await admin.expectAccessible('first run done');
    await admin.shot('first-run-4-done.png');

    const after = readFileSync(configPath, 'utf8');
    expect(after).not.toContain(GITHUB_SECRET);
    const doc = JSON.parse(after) as { mcpServers: Record<string, { args: string[]; env: Record<string, string> }> };
    for (const name of ['filesystem', 'github']) {
      expect(doc.mcpServers[name]!.args.slice(-3)).toEqual(['guard', '--server', name]);
      expect(doc.mcpServers[name]!.env.GATEHOUSE_API_KEY).toMatch(/^ghk_/);
    }

    await page.getByRole('link', { name: 'Go to Overview' }).click();
    const apps = page.getByRole('region', { name: 'Client apps' });
    await visible(apps.getByRole('listitem', { name: 'Claude Desktop' }).getByText('2 protected'));
    expect(await page.getByRole('region', { name: 'Protect Claude Desktop in two minutes' }).count()).toBe(0);
    const status = await admin.api<{ needed: boolean; hasKeys: boolean }>('clients.firstRun');
    expect(status).toMatchObject({ needed: false, hasKeys: true });
  });
});
