// The preview's diff is a standard unified diff: `patch` (here the diff package's
// applyPatch, a different code path from the one that made it) turns the old config into
// the new one, for any two texts; a line-ending-only change is said in one line.
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src-main/core/client-apps/line-diff';

const lines = fc.array(fc.constantFrom('{', '}', '  "a": 1,', '  "b": 2', '"mcpServers": {', '', '-- x', '+y', '\\z'), { maxLength: 30 });
const text = fc.tuple(lines, fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl && ls.length ? '\n' : ''));

describe('config preview diff', () => {
  it('applies: for any two texts, patching the old with the diff gives the new', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const d = unifiedDiff(before, after, { path: '/home/u/.config/app.json' });
        if (before === after) return d === '';
        expect(d.startsWith('--- a/home/u/.config/app.json\n+++ b/home/u/.config/app.json\n@@ ')).toBe(true);
        expect(applyPatch(before, d)).toBe(after);
        return true;
      }),
      { numRuns: 400 },
    );
  });

  it('shows one changed entry with three lines of context and counts that add up', () => {
    const before = ['{', '  "mcpServers": {', '    "fs": {', '      "command": "npx",', '      "args": ["fs"]', '    }', '  }', '}', ''].join('\n');
    const after = before.replace('"command": "npx"', '"command": "gatehouse"');
    expect(unifiedDiff(before, after, { path: 'c.json' }).split('\n')).toEqual([
      '--- a/c.json',
      '+++ b/c.json',
      '@@ -1,7 +1,7 @@',
      ' {',
      '   "mcpServers": {',
      '     "fs": {',
      '-      "command": "npx",',
      '+      "command": "gatehouse",',
      '       "args": ["fs"]',
      '     }',
      '   }',
      '',
    ]);
  });

  it('says a line-ending-only change in one line, and starts an empty file at line 0', () => {
    expect(unifiedDiff('a\r\nb\r\n', 'a\nb\n', { path: 'c.json' })).toBe('--- a/c.json\n+++ b/c.json\n@@ line endings, byte-order mark or final newline changed @@\n');
    expect(unifiedDiff('', '{}\n', { path: 'c.json' })).toBe('--- a/c.json\n+++ b/c.json\n@@ -0,0 +1,1 @@\n+{}\n');
  });
});
