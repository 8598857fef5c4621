// What a key's rules reach (issue 15): the warnings of the key form and `keys create`
// (a typo'd server, a pattern matching no tool, with the likely fix), and "allows
// nothing"; checked against the policy engine itself with random rules and catalogs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src-preload/contract';
import { closest, matchCount, ruleCoverage, type CatalogServer } from '../../src-preload/rule-coverage';
import { Policy } from '../../src-main/core/policy/policy';
import { fromRules, toRules, emptyForm } from '../../src-renderer/features/keys/key-form/state';

const catalog: CatalogServer[] = [
  { name: 'filesystem', tools: ['read_file', 'read_dir', 'write_file'] },
  { name: 'github', tools: ['create_issue', 'get_issue'] },
  { name: 'later', tools: null },
];

describe('rule coverage', () => {
  it('names a typo in the server part with the likely fix', () => {
    const c = ruleCoverage([{ effect: 'allow', pattern: 'filesytem:read_*' }], catalog);
    expect(c.allowsNothing).toBe(true);
    expect(c.warnings).toEqual([
      expect.objectContaining({ kind: 'unknown_server', suggestion: 'filesystem:read_*', message: expect.stringContaining('did you mean filesystem:read_*?') }),
    ]);
  });

  it('names a pattern that matches no tool, deny rules too (a typo there leaves the tool allowed)', () => {
    const c = ruleCoverage(
      [
        { effect: 'allow', pattern: 'filesystem:*' },
        { effect: 'deny', pattern: 'filesystem:write_fil' },
      ],
      catalog,
    );
    expect(c.allowed).toBe(3);
    expect(c.warnings).toEqual([expect.objectContaining({ kind: 'no_match', effect: 'deny', suggestion: 'filesystem:write_file' })]);
  });

  it('does not call a rule for an undiscovered server empty, nor the key that has one', () => {
    const c = ruleCoverage([{ effect: 'allow', pattern: 'later:anything' }], catalog);
    expect(c).toMatchObject({ allowed: 0, allowsNothing: false, warnings: [] });
  });

  it('counts the tools a pattern matches', () => {
    expect(matchCount('*:read_*', catalog)).toBe(2);
    expect(matchCount('*:*', catalog)).toBe(5);
    expect(matchCount('nope:*', catalog)).toBe(0);
    expect(closest('gihtub', ['github', 'gitlab'])).toBe('github');
    expect(closest('zzzz', ['github'])).toBeNull();
  });

  const name = fc.constantFrom('filesystem', 'github', 'later', 'fs', 'x');
  const tool = fc.constantFrom('read_file', 'read_dir', 'write_file', 'create_issue', 'get_issue', 'nope');
  const glob = fc.oneof(name, tool, fc.constantFrom('*', 'read_*', '*_issue', '?et_issue'));
  const rule = fc.record({ effect: fc.constantFrom('allow' as const, 'deny' as const), pattern: fc.tuple(fc.oneof(name, fc.constant('*')), glob).map(([s, t]) => `${s}:${t}`) });

  it('counts allowed tools exactly as the policy engine decides them', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), (rules: Rule[]) => {
        const policy = new Policy(rules);
        const expected = catalog.flatMap((s) => (s.tools ?? []).filter((t) => policy.decide(s.name, t).allowed)).length;
        expect(ruleCoverage(rules, catalog).allowed).toBe(expected);
      }),
    );
  });

  it('the key form reads any rules back into picks and patterns that mean the same', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), (rules: Rule[]) => {
        const back = toRules({ ...emptyForm(), ...fromRules(rules, catalog) });
        const a = new Policy(rules);
        const b = new Policy(back);
        for (const s of [...catalog.map((c) => c.name), 'fs', 'x']) {
          for (const t of ['read_file', 'read_dir', 'write_file', 'create_issue', 'get_issue', 'nope', 'other']) {
            expect(b.decide(s, t).allowed).toBe(a.decide(s, t).allowed);
          }
        }
      }),
    );
  });
});
