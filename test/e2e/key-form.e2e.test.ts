// Item 1 of issue 15 end to end: create and edit a key like GitHub's fine-grained
// tokens. Servers, then per server its tools (presets, annotation badges), resources
// and prompts (which Read-only and Everything include, as the Permissions presets), patterns
// with a live "matches N tools" count, warnings for a typo'd server and a pattern that
// matches nothing, a confirmation before a key that allows nothing; every field edited
// later; a rotation's grace ended early with the last use of each secret shown.
import { describe, expect, it } from 'vitest';
import { addEverything, guardSession, useAdmin, visible } from './admin-harness';

const admin = useAdmin('key-form', {
  setup: async () => {
    addEverything(admin);
    await admin.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  },
});

interface KeyOut {
  id: string;
  name: string;
  description: string;
  rules: { effect: string; pattern: string }[];
  rateLimit: { limit: number; window: string } | null;
  expiresAt: string | null;
  secrets?: { state: string; lastUsedAt: string | null }[];
}

describe('Key form: servers, tools, patterns; edit; grace', () => {
  it('picks a server, then its read-only tools, with badges and a live count', async () => {
    await admin.open('/keys', 'API keys');
    const page = admin.page;
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Key name').fill('Cursor laptop');
    await dialog.getByLabel('Description').fill('The agent on my laptop');
    await dialog.getByRole('checkbox', { name: /^everything/ }).check();
    const section = dialog.getByRole('region', { name: 'everything' });
    await visible(section);
    // Read-only tools come ticked; the server's annotations show as badges.
    await visible(section.getByRole('button', { name: 'Read-only', pressed: true }));
    await visible(section.getByText('read-only').first());
    await section.getByText('open-world').first().scrollIntoViewIfNeeded();
    await visible(section.getByText('open-world').first());
    expect(await section.getByRole('checkbox', { name: 'everything:gzip-file-as-resource' }).isChecked()).toBe(false);
    // Reading a resource or getting a prompt changes nothing: Read-only ticks them all.
    const resource = section.getByRole('checkbox', { name: 'everything:resource:demo://resource/static/document/architecture.md' });
    const prompt = section.getByRole('checkbox', { name: 'everything:prompt:simple-prompt' });
    expect(await resource.isChecked()).toBe(true);
    expect(await prompt.isChecked()).toBe(true);
    await visible(section.getByText(/all 9 resources, and later ones · all 4 prompts, and later ones/));
    await section.getByRole('button', { name: 'Nothing', exact: true }).click();
    expect(await resource.isChecked()).toBe(false);
    expect(await prompt.isChecked()).toBe(false);
    await visible(section.getByText('0 of 13 tools · 0 of 9 resources · 0 of 4 prompts'));
    await section.getByRole('button', { name: 'Everything', exact: true }).click();
    await visible(section.getByText(/all 13 tools, and later ones/));
    await section.getByRole('checkbox', { name: 'everything:get-env' }).uncheck();
    await visible(section.getByText('12 of 13 tools'));
    await visible(dialog.getByTestId('key-coverage').getByText('Allows 12 of 13 known tools, 9 of 9 resources and 4 of 4 prompts.'));
    await admin.expectAccessible('create key: tools');
    await admin.shot('key-form-tools.png');
  });

  it('warns about a typo in a pattern, counts what a pattern matches, and offers the fix', async () => {
    const page = admin.page;
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('button', { name: 'Show patterns' }).click();
    await dialog.getByRole('button', { name: 'Add pattern' }).click();
    const pattern = dialog.getByRole('textbox', { name: 'Pattern 1', exact: true });
    await pattern.fill('everything:get-*');
    await visible(dialog.getByText('matches 7 tools'));
    await pattern.fill('everythng:get-*');
    await visible(dialog.getByText('matches 0 tools'));
    await visible(dialog.getByText(/everythng:get-\* names no registered server \(there is no server everythng\); did you mean everything:get-\*\?/));
    await admin.expectAccessible('create key: pattern warning');
    await admin.shot('key-form-pattern-warning.png');
    await dialog.getByRole('button', { name: 'Use everything:get-*' }).click();
    expect(await pattern.inputValue()).toBe('everything:get-*');
    await dialog.getByLabel('Effect of pattern 1').selectOption('deny');
    await pattern.fill('everything:get-envv');
    await visible(dialog.getByText(/everything:get-envv matches no tool of everything; did you mean everything:get-env\?/));
    await dialog.getByRole('button', { name: 'Use everything:get-env' }).click();
    await visible(dialog.getByText('matches 1 tool', { exact: true }));
  });

  it('says the default rate limit in numbers, and creates the key with exactly those rules', async () => {
    const page = admin.page;
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await visible(dialog.getByRole('radio', { name: 'Default (120/min)' }));
    expect(await dialog.getByRole('radio', { name: 'Default (120/min)' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await visible(page.getByLabel('New API key', { exact: true }));
    const keys = admin.cli<KeyOut[]>(['keys', 'list']);
    const key = keys.find((k) => k.name === 'Cursor laptop')!;
    expect(key.description).toBe('The agent on my laptop');
    expect(key.rateLimit).toBeNull();
    expect(new Set(key.rules.map((r) => `${r.effect} ${r.pattern}`))).toEqual(
      new Set([
        ...['echo', 'get-annotated-message', 'get-env', 'get-resource-links', 'get-resource-reference', 'get-structured-content', 'get-sum', 'get-tiny-image', 'gzip-file-as-resource', 'simulate-research-query', 'toggle-simulated-logging', 'toggle-subscriber-updates', 'trigger-long-running-operation']
          .filter((t) => t !== 'get-env')
          .map((t) => `allow everything:${t}`),
        // Everything, then one tool taken away: the resources and prompts stay whole.
        'allow everything:resource:*',
        'allow everything:prompt:*',
        'deny everything:get-env',
      ]),
    );
  });

  it('asks before closing the show-once dialog while nothing was copied', async () => {
    const page = admin.page;
    const secretBox = page.getByLabel('New API key', { exact: true });
    await page.keyboard.press('Escape');
    const guard = page.getByRole('alert').filter({ hasText: 'You have not copied the key.' });
    await visible(guard);
    await visible(secretBox);
    await admin.expectAccessible('show-once dialog: not copied');
    await admin.shot('key-form-not-copied.png');
    await guard.getByRole('button', { name: 'Back to the key' }).click();
    await guard.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Done' }).click();
    await visible(guard);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await visible(page.getByRole('button', { name: 'Copied' }));
    await guard.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('asks before creating a key that allows nothing', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Key name').fill('Empty');
    await visible(dialog.getByTestId('key-coverage').getByText('Allows nothing yet: choose what it may use above.'));
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const ask = dialog.getByRole('alert').filter({ hasText: 'This key allows nothing.' });
    await visible(ask);
    await admin.expectAccessible('create key: allows nothing');
    await admin.shot('key-form-allows-nothing.png');
    expect(admin.cli<KeyOut[]>(['keys', 'list']).some((k) => k.name === 'Empty')).toBe(false);
    await ask.getByRole('button', { name: 'Choose what it may use' }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByRole('alert').getByRole('button', { name: 'Create anyway' }).click();
    await visible(page.getByLabel('New API key', { exact: true }));
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(admin.cli<KeyOut[]>(['keys', 'list']).find((k) => k.name === 'Empty')!.rules).toEqual([]);
  });

  it('edits every field of a key later', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: 'Cursor laptop', exact: true }).click();
    const details = page.getByRole('dialog', { name: 'Cursor laptop' });
    await visible(details.getByText('Default (120/min)'));
    await details.getByRole('button', { name: 'Edit key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “Cursor laptop”' });
    await visible(dialog);
    // The key's rules come back as picks: 12 ticked tools and the deny pattern.
    await visible(dialog.getByRole('region', { name: 'everything' }).getByText('12 of 13 tools'));
    expect(await dialog.getByRole('textbox', { name: 'Pattern 1', exact: true }).inputValue()).toBe('everything:get-env');
    await admin.expectAccessible('edit key');
    await admin.shot('key-form-edit.png');
    await dialog.getByLabel('Key name').fill('Cursor desktop');
    await dialog.getByLabel('Description').fill('Moved to the desktop');
    await dialog.getByRole('region', { name: 'everything' }).getByRole('button', { name: 'Read-only', exact: true }).click();
    await dialog.getByRole('radio', { name: 'Its own:' }).check();
    await dialog.getByLabel('Rate limit: calls').fill('30');
    await dialog.getByRole('radio', { name: '7 days' }).check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const key = admin.cli<KeyOut[]>(['keys', 'list']).find((k) => k.name === 'Cursor desktop')!;
    expect(key.description).toBe('Moved to the desktop');
    expect(key.rateLimit).toEqual({ limit: 30, window: 'minute' });
    const days = (Date.parse(key.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // Read-only: the nine read-only tools, and the resources and prompts.
    const allows = key.rules.filter((r) => r.effect === 'allow').map((r) => r.pattern);
    expect(allows).toHaveLength(11);
    expect(allows).toEqual(expect.arrayContaining(['everything:resource:*', 'everything:prompt:*']));
  });

  it('shows the last use of each secret during a grace, and ends the grace early', async () => {
    const page = admin.page;
    const key = admin.cli<KeyOut[]>(['keys', 'list']).find((k) => k.name === 'Cursor desktop')!;
    const rotated = admin.cli<{ key: string }>(['keys', 'rotate', key.id, '--grace', '24h']);
    // The new secret is used once through a real guard session.
    const client = await guardSession(admin, 'everything', rotated.key);
    await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
    await client.close();
    await admin.open('/keys', 'API keys');
    await page.getByRole('button', { name: 'Cursor desktop', exact: true }).click();
    const details = page.getByRole('dialog', { name: 'Cursor desktop' });
    const secrets = details.getByRole('listitem').filter({ hasText: /^ghk_/ });
    await expect.poll(() => secrets.count()).toBe(2);
    await visible(details.getByRole('listitem').filter({ hasText: 'current' }).getByText(/last used just now/));
    await visible(details.getByRole('listitem').filter({ hasText: 'old, in grace' }).getByText('never used'));
    await visible(details.getByText(/stops working in 24 hours/));
    await details.getByRole('button', { name: 'End grace now' }).click();
    await visible(details.getByText(/has not been used since it was replaced\. It stops working now\./));
    await admin.expectAccessible('key details: end grace');
    await admin.shot('key-form-end-grace.png');
    await details.getByRole('button', { name: 'End grace', exact: true }).click();
    await visible(details.getByText('retired'));
    const shown = admin.cli<KeyOut>(['keys', 'show', key.id]);
    expect(shown.secrets!.map((s) => s.state).sort()).toEqual(['current', 'retired']);
    expect(shown.secrets!.find((s) => s.state === 'current')!.lastUsedAt).not.toBeNull();
  });

  it('looks right in the dark', async () => {
    const page = admin.page;
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('checkbox', { name: /^everything/ }).check();
    const section = dialog.getByRole('region', { name: 'everything' });
    await section.getByRole('heading', { name: 'everything' }).scrollIntoViewIfNeeded();
    await visible(section.getByText(/of 13 tools · all 9 resources, and later ones · all 4 prompts, and later ones/));
    await admin.shot('key-form-dark-server.png');
    await dialog.getByRole('button', { name: 'Show patterns' }).click();
    await dialog.getByRole('button', { name: 'Add pattern' }).click();
    await dialog.getByRole('textbox', { name: 'Pattern 1', exact: true }).fill('filesytem:read_*');
    await visible(dialog.getByText(/names no registered server/));
    await admin.expectAccessible('create key (dark)');
    await admin.shot('key-form-dark.png');
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
