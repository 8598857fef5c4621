// The Permissions matrix's reading of a key's rules: it must agree with the policy engine
// (rules of the thing's own kind only, deny beats allow, nothing allowed without an allow).
import { describe, expect, it } from 'vitest';
import { applyPreset, decide, exactPattern, isPatternRule, matches, sameRules, setExact, targetLabel, templateGlob, type Target } from './rule-logic';

const allow = (pattern: string) => ({ effect: 'allow' as const, pattern });
const deny = (pattern: string) => ({ effect: 'deny' as const, pattern });
const readFile: Target = { server: 'fs', kind: 'tool', name: 'read_file' };
const notes: Target = { server: 'fs', kind: 'resource', name: 'file:///notes.md' };
const files: Target = { server: 'fs', kind: 'resource', name: 'file:///{path}', template: true };

describe('decide', () => {
  it('denies what no rule allows, saying nothing decided', () => {
    expect(decide([], readFile)).toEqual({ allowed: false, source: 'none', rule: null, exact: null });
  });

  it('allows by the cell’s own exact rule', () => {
    expect(decide([allow('fs:read_file')], readFile)).toEqual({ allowed: true, source: 'exact', rule: 'fs:read_file', exact: 'allow' });
  });

  it('lets a pattern deny beat an exact allow, and still shows the exact rule', () => {
    expect(decide([allow('fs:read_file'), deny('fs:read_*')], readFile)).toEqual({ allowed: false, source: 'pattern', rule: 'fs:read_*', exact: 'allow' });
  });

  it('reads rules of the thing’s own kind only: a tool glob opens no resource, a resource glob no tool', () => {
    expect(decide([allow('fs:*')], notes).allowed).toBe(false);
    expect(decide([allow('fs:resource:*')], readFile).allowed).toBe(false);
    expect(decide([allow('fs:resource:*')], notes)).toMatchObject({ allowed: true, source: 'pattern', rule: 'fs:resource:*' });
  });

  it('matches the server part too: another server’s rules do not count', () => {
    expect(matches('git:*', readFile)).toBe(false);
    expect(matches('*:read_file', readFile)).toBe(true);
  });

  it('writes a template’s exact rule as the glob of the URIs it expands to', () => {
    expect(templateGlob('file:///{dir}/{name}')).toBe('file:///*/*');
    expect(exactPattern(files)).toBe('fs:resource:file:///*');
    expect(decide([allow('fs:resource:file:///*')], files)).toMatchObject({ allowed: true, source: 'exact' });
  });
});

describe('editing a cell', () => {
  it('sets, replaces and clears the exact rule, leaving every other rule as it was', () => {
    const start = [deny('fs:write_*'), allow('git:*')];
    const on = setExact(start, readFile, 'allow');
    expect(on).toEqual([...start, allow('fs:read_file')]);
    expect(setExact(on, readFile, 'deny')).toEqual([...start, deny('fs:read_file')]);
    expect(setExact(on, readFile, null)).toEqual(start);
  });

  it('labels cells the way rules name them', () => {
    expect(targetLabel(readFile)).toBe('fs:read_file');
    expect(targetLabel(notes)).toBe('fs:resource:file:///notes.md');
  });

  it('tells pattern rules from exact ones', () => {
    expect(isPatternRule(allow('fs:read_*'))).toBe(true);
    expect(isPatternRule(allow('fs:rea?'))).toBe(true);
    expect(isPatternRule(allow('fs:read_file'))).toBe(false);
  });
});

describe('presets', () => {
  const others = [allow('git:*'), deny('*:delete_*')];
  const mine = [allow('fs:write_file'), deny('fs:resource:secret')];

  it('Everything: the whole server, every kind, later ones too; other servers and *: globs stay', () => {
    expect(applyPreset([...others, ...mine], 'fs', 'everything', [])).toEqual([...others, allow('fs:*'), allow('fs:resource:*'), allow('fs:prompt:*')]);
  });

  it('Read-only: the tools marked read-only, and resources and prompts', () => {
    expect(applyPreset(mine, 'fs', 'read-only', ['read_file', 'list'])).toEqual([
      allow('fs:read_file'), allow('fs:list'), allow('fs:resource:*'), allow('fs:prompt:*'),
    ]);
  });

  it('Nothing: every rule naming the server goes, and only those', () => {
    expect(applyPreset([...others, ...mine], 'fs', 'nothing', ['read_file'])).toEqual(others);
  });

  it('compares rule lists in order, effect and pattern', () => {
    expect(sameRules(mine, [...mine])).toBe(true);
    expect(sameRules(mine, [...mine].reverse())).toBe(false);
    expect(sameRules([allow('fs:x')], [deny('fs:x')])).toBe(false);
    expect(sameRules(mine, mine.slice(1))).toBe(false);
  });
});
