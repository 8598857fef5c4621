// Permissions screen end to end: the key × tool, resource and prompt matrix over a
// discovered server-everything, the "Read-only" preset, one tool denied, Save, and the
// key's rules checked through the CLI; resources and prompts allowed cell by cell;
// "who can call this tool?"; pattern rules kept.
import { describe, expect, it } from 'vitest';
import { addEverything, createKey, dismiss, useAdmin, visible } from './admin-harness';

interface KeyOut {
  id: string;
  rules: { effect: 'allow' | 'deny'; pattern: string }[];
}

let reader: KeyOut;
let wide: KeyOut;
const admin = useAdmin('permissions', {
  setup: () => {
    addEverything(admin);
    reader = keyOf(createKey(admin, 'e2e reader', 'fs:read_*'));
    wide = keyOf(createKey(admin, 'e2e wide', 'everything:*', '--deny', 'everything:get-env'));
  },
});

/** `keys create --json` prints the key (id, rules, …) with its secret in `key`. */
function keyOf(created: unknown): KeyOut {
  const { id, rules } = created as KeyOut;
  return { id, rules };
}

describe('Permissions screen', () => {
  it('shows keys as rows and the server’s tools, resources and prompts as columns', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    await page.getByRole('table', { name: 'Which key or OAuth app may use which tool, resource and prompt' }).waitFor();
    await visible(page.getByRole('columnheader', { name: /everything · 13 tools · 9 resources · 4 prompts/ }));
    for (const group of ['Tools', 'Resources', 'Prompts']) await visible(page.getByRole('columnheader', { name: group, exact: true }));
    // A tool rule is no resource rule: everything:* opens every tool and nothing else.
    await visible(page.getByRole('button', { name: 'e2e wide · everything:resource:demo://resource/static/document/architecture.md: denied: no rule allows it' }));
    await visible(page.getByRole('button', { name: 'e2e wide · everything:prompt:simple-prompt: denied: no rule allows it' }));
    await visible(page.getByRole('rowheader', { name: /e2e reader/ }));
    // The effective decision and where it comes from, per cell.
    await visible(page.getByRole('button', { name: 'e2e wide · everything:echo: allowed by the pattern everything:*' }));
    await visible(page.getByRole('button', { name: 'e2e wide · everything:get-env: denied by its own rule' }));
    await visible(page.getByRole('button', { name: 'e2e reader · everything:echo: denied: no rule allows it' }));
    await admin.expectAccessible('permissions matrix');
    await admin.shot('permissions-matrix.png');
  });

  it('applies the read-only preset, denies one tool, and saves the key’s rules', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    await page.getByRole('button', { name: 'Preset for e2e reader on everything' }).click();
    await page.getByRole('menuitem', { name: /Read-only/ }).click();
    await visible(page.getByText(/Unsaved changes to 1 key/));
    await visible(page.getByRole('button', { name: 'e2e reader · everything:get-sum: allowed by its own rule (unsaved)' }));
    await visible(page.getByRole('button', { name: /^e2e reader · everything:gzip-file-as-resource: denied: no rule allows it/ }));
    await visible(page.getByRole('button', { name: 'e2e reader · everything:prompt:args-prompt: allowed by the pattern everything:prompt:* (unsaved)' }));

    // Deny one tool from the cell's menu, with the keyboard.
    const echo = page.getByRole('button', { name: /^e2e reader · everything:echo:/ });
    await echo.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'e2e reader · everything:echo' });
    await menu.waitFor();
    await admin.expectAccessible('cell menu');
    await admin.shot('permissions-cell-menu.png');
    await menu.getByRole('menuitem', { name: /Deny/ }).click();
    await visible(page.getByRole('button', { name: 'e2e reader · everything:echo: denied by its own rule (unsaved)' }));
    await admin.shot('permissions-pending.png');

    await page.getByRole('button', { name: 'Save changes' }).click();
    await visible(page.getByText('Saved the rules of 1 key.'));
    await visible(page.getByRole('button', { name: 'e2e reader · everything:echo: denied by its own rule' }));

    const shown = admin.cli<KeyOut>(['keys', 'show', reader.id]);
    const rules = shown.rules.map((r) => `${r.effect} ${r.pattern}`).sort();
    expect(rules).toContain('allow fs:read_*'); // the pattern rule was kept
    expect(rules).toContain('deny everything:echo');
    expect(rules).not.toContain('allow everything:echo');
    expect(rules).toContain('allow everything:get-sum');
    expect(rules).not.toContain('allow everything:gzip-file-as-resource');
    // Exactly the tools the server marks read-only, except the one denied.
    const detail = await admin.api<{ tools: { name: string; annotations: { readOnlyHint?: boolean } }[] }>('servers.get', { name: 'everything' });
    const readOnly = detail.tools.filter((t) => t.annotations.readOnlyHint === true).map((t) => t.name);
    expect(readOnly.length).toBeGreaterThan(3);
    const toolRules = rules.filter((r) => r.startsWith('allow everything:') && !/^allow everything:(resource|prompt):/.test(r));
    expect(toolRules).toEqual(readOnly.filter((t) => t !== 'echo').map((t) => `allow everything:${t}`).sort());
    expect(rules.some((r) => r.includes('everything:*'))).toBe(false);
    // Reading changes nothing: the read-only preset opens the server's resources and prompts.
    expect(rules).toEqual(expect.arrayContaining(['allow everything:resource:*', 'allow everything:prompt:*']));
    // The other key is untouched.
    expect(admin.cli<KeyOut>(['keys', 'show', wide.id]).rules).toEqual(wide.rules);
  });

  it('allows one resource, a resource template and a prompt cell by cell, and saves them as exact rules', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    const pick = async (name: string, item: RegExp) => {
      await page.getByRole('button', { name }).click();
      await page.getByRole('menuitem', { name: item }).click();
    };
    await pick('e2e wide · everything:resource:demo://resource/static/document/features.md: denied: no rule allows it', /Allow/);
    await pick('e2e wide · everything:resource:demo://resource/dynamic/text/{resourceId}: denied: no rule allows it', /Allow/);
    await pick('e2e wide · everything:prompt:simple-prompt: denied: no rule allows it', /Allow/);
    await visible(page.getByRole('button', { name: 'e2e wide · everything:prompt:simple-prompt: allowed by its own rule (unsaved)' }));
    await admin.expectAccessible('resource and prompt cells');
    await admin.shot('permissions-resources.png');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await visible(page.getByText('Saved the rules of 1 key.'));
    const rules = admin.cli<KeyOut>(['keys', 'show', wide.id]).rules.map((r) => `${r.effect} ${r.pattern}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'allow everything:resource:demo://resource/static/document/features.md',
        'allow everything:resource:demo://resource/dynamic/text/*',
        'allow everything:prompt:simple-prompt',
      ]),
    );
    wide = keyOf(admin.cli(['keys', 'show', wide.id]));
    await page.getByRole('button', { name: 'Who can read everything:resource:demo://resource/static/document/features.md?' }).click();
    const dialog = page.getByRole('dialog', { name: 'Who can read everything:resource:demo://resource/static/document/features.md?' });
    await visible(dialog.getByText('2 of 2 keys may read it.'));
    await dismiss(dialog);
  });

  it('answers "who can call this tool?"', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    await page.getByRole('button', { name: 'Who can call everything:echo?' }).click();
    const dialog = page.getByRole('dialog', { name: 'Who can call everything:echo?' });
    await visible(dialog.getByText('1 of 2 keys may call it.'));
    const wideItem = dialog.getByRole('listitem').filter({ hasText: 'e2e wide' });
    await visible(wideItem.getByText('Allowed', { exact: true }));
    await visible(wideItem.getByText('allowed by the pattern everything:*'));
    const readerItem = dialog.getByRole('listitem').filter({ hasText: 'e2e reader' });
    await visible(readerItem.getByText('Denied', { exact: true }));
    await admin.expectAccessible('who can call');
    await admin.shot('permissions-who.png');
    await dismiss(dialog);
  });

  it('edits pattern rules and discards unsaved changes', async () => {
    await admin.open('/permissions', 'Permissions');
    const page = admin.page;
    await page.getByRole('button', { name: '2 patterns: pattern rules of e2e wide' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pattern rules of “e2e wide”' });
    await expect.poll(() => dialog.getByLabel('Pattern 1', { exact: true }).inputValue()).toBe('everything:*');
    await dialog.getByRole('button', { name: 'Add pattern' }).click();
    await dialog.getByLabel('Effect of pattern 3').selectOption('deny');
    await dialog.getByLabel('Pattern 3', { exact: true }).fill('nonsense');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await visible(dialog.getByText(/a rule is SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB/));
    await dialog.getByLabel('Pattern 3', { exact: true }).fill('everything:trigger-*');
    await admin.expectAccessible('pattern rules');
    await admin.shot('permissions-patterns.png');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visible(page.getByRole('button', { name: /^e2e wide · everything:trigger-long-running-operation: denied by the pattern everything:trigger-\* \(unsaved\)$/ }));
    await page.getByRole('button', { name: 'Discard' }).click();
    await visible(page.getByRole('button', { name: 'e2e wide · everything:trigger-long-running-operation: allowed by the pattern everything:*' }));
    expect(admin.cli<KeyOut>(['keys', 'show', wide.id]).rules).toEqual(wide.rules);
  });

  it('follows a dark OS theme', async () => {
    await admin.dark('permissions', 'permissions');
  });
});
