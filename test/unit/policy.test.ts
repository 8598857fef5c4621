import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src-shared/model/rule-pattern';
import { Policy, policyFor } from '../../src-main/core/policy/policy';

describe('policy', () => {
  it('allows what an allow rule matches, for that server only', () => {
    const p = new Policy([{ effect: 'allow', pattern: 'fs:read_*' }]);
    expect(p.decide('fs', 'read_file')).toEqual({ allowed: true, rule: 'fs:read_*' });
    expect(p.decide('fs', 'write_file')).toEqual({ allowed: false, reason: 'no_allow_rule', rule: null });
    expect(p.decide('github', 'read_file').allowed).toBe(false);
  });

  it('lets deny beat allow whatever the order', () => {
    for (const rules of [
      [{ effect: 'allow', pattern: '*:*' }, { effect: 'deny', pattern: 'fs:delete_*' }],
      [{ effect: 'deny', pattern: 'fs:delete_*' }, { effect: 'allow', pattern: '*:*' }],
    ] as const) {
      const p = new Policy(rules);
      expect(p.decide('fs', 'delete_file')).toEqual({ allowed: false, reason: 'denied_by_rule', rule: 'fs:delete_*' });
      expect(p.decide('fs', 'read_file').allowed).toBe(true);
    }
  });

  it('denies everything with no rules', () => {
    expect(new Policy([]).decide('fs', 'read').allowed).toBe(false);
    expect(new Policy([]).reachesServer('fs')).toBe(false);
  });

  it('matches names exactly: no substring, case or regex surprises', () => {
    const p = new Policy([{ effect: 'allow', pattern: 'fs:read' }, { effect: 'allow', pattern: 'a.b:x+y' }]);
    expect(p.decide('fs', 'read').allowed).toBe(true);
    expect(p.decide('fs', 'read_file').allowed).toBe(false);
    expect(p.decide('fs', 'READ').allowed).toBe(false);
    expect(p.decide('fs', 'xread').allowed).toBe(false);
    expect(p.decide('aXb', 'x+y').allowed).toBe(false); // '.' is literal
    expect(p.decide('a.b', 'xxy').allowed).toBe(false); // '+' is literal
    expect(p.decide('a.b', 'x+y').allowed).toBe(true);
  });

  it('lets * cross slashes and colons in tool names, and ? match one character', () => {
    expect(globToRegExp('*').test('a/b:c')).toBe(true);
    expect(globToRegExp('get_?').test('get_x')).toBe(true);
    expect(globToRegExp('get_?').test('get_xy')).toBe(false);
    const p = new Policy([{ effect: 'allow', pattern: 'srv:ns:*' }]);
    expect(p.decide('srv', 'ns:tool').allowed).toBe(true);
    expect(p.decide('srv', 'other').allowed).toBe(false);
  });

  it('knows whether a principal may reach a server at all', () => {
    const p = new Policy([{ effect: 'allow', pattern: 'git*:*' }, { effect: 'deny', pattern: 'fs:*' }]);
    expect(p.reachesServer('github')).toBe(true);
    expect(p.reachesServer('fs')).toBe(false);
  });

  it('compiles a rule list once', () => {
    const rules = [{ effect: 'allow' as const, pattern: '*:*' }];
    expect(policyFor(rules)).toBe(policyFor(rules));
  });
});
