// What a key's rules reach (issue 15): the warnings of the key form and `keys create`
// (a typo'd server, a pattern matching no tool, resource or prompt, with the likely fix),
// and "allows nothing"; checked against the policy engine itself, tools, resources and
// prompts each by their own rules, with random rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src-preload/contract';
import { closest, matchCount, ruleCoverage, type CatalogServer } from '../../src-shared/model/rule-coverage';
import { Policy } from '../../src-main/core/policy/policy';
import { activePreset, applyPreset, emptyForm, fromRules, toRules } from '../../src-renderer/features/keys/key-form/state';
import type { Capability } from '../../src-shared/model/rule-pattern';

const catalog: CatalogServer[] = [
  {
    name: 'filesystem',
    tools: ['read_file', 'read_dir', 'write_file'],
    resources: ['file:///docs/readme.md', 'file:///{path}'],
    prompts: ['summarize', 'review'],
  },
  { name: 'github', tools: ['create_issue', 'get_issue'], resources: [], prompts: [] },
  { name: 'later', tools: null, resources: null, prompts: null },
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

  it('counts resources and prompts by their own rules: a tool rule opens neither', () => {
    const tools = ruleCoverage([{ effect: 'allow', pattern: 'filesystem:*' }], catalog);
    expect(tools).toMatchObject({ allowed: 3, resources: { allowed: 0, total: 2 }, prompts: { allowed: 0, total: 2 } });
    const whole = ruleCoverage(
      [
        { effect: 'allow', pattern: 'filesystem:resource:*' },
        { effect: 'allow', pattern: 'filesystem:prompt:summarize' },
      ],
      catalog,
    );
    expect(whole).toMatchObject({ allowed: 0, resources: { allowed: 2 }, prompts: { allowed: 1 }, allowsNothing: false, warnings: [] });
    expect(matchCount('filesystem:resource:file:///docs/*', catalog)).toBe(1);
    expect(matchCount('*:prompt:*', catalog)).toBe(2);
  });

  it('names a resource or prompt pattern that matches nothing, with the likely fix in its own spelling', () => {
    const c = ruleCoverage([{ effect: 'allow', pattern: 'filesystem:prompt:sumarize' }], catalog);
    expect(c.allowsNothing).toBe(true);
    expect(c.warnings).toEqual([
      expect.objectContaining({ kind: 'no_match', suggestion: 'filesystem:prompt:summarize', message: expect.stringContaining('matches no prompt of filesystem') }),
    ]);
    const typo = ruleCoverage([{ effect: 'allow', pattern: 'filesytem:resource:*' }], catalog);
    expect(typo.warnings[0]).toMatchObject({ kind: 'unknown_server', suggestion: 'filesystem:resource:*' });
    // A whole kind means later ones too: no warning where the server has none today.
    expect(ruleCoverage([{ effect: 'allow', pattern: 'github:prompt:*' }], catalog).warnings).toEqual([]);
  });

  it('the key form presets write what the Permissions presets write: read-only and everything include resources and prompts', () => {
    const rulesOf = (preset: 'read-only' | 'everything' | 'nothing') =>
      toRules({ ...emptyForm(), servers: { filesystem: applyPreset(preset, ['read_file', 'read_dir']) } }).map((r) => r.pattern);
    expect(rulesOf('everything')).toEqual(['filesystem:*', 'filesystem:resource:*', 'filesystem:prompt:*']);
    expect(rulesOf('read-only')).toEqual(['filesystem:read_file', 'filesystem:read_dir', 'filesystem:resource:*', 'filesystem:prompt:*']);
    expect(rulesOf('nothing')).toEqual([]);
    // A key limited to some tools (as migration 009 leaves older ones) reads back with no resource and no prompt.
    const limited = fromRules([{ effect: 'allow', pattern: 'filesystem:read_file' }], catalog);
    expect(limited.servers.filesystem).toEqual({ tool: { mode: 'some', names: ['read_file'] }, resource: { mode: 'some', names: [] }, prompt: { mode: 'some', names: [] } });
    expect(activePreset(limited.servers.filesystem!, ['read_file'])).toBeNull();
    // A template is picked by the glob of the URIs it expands to, as the matrix writes it.
    const template = fromRules([{ effect: 'allow', pattern: 'filesystem:resource:file:///*' }], catalog);
    expect(template.patterns).toEqual([]);
    expect(template.servers.filesystem!.resource.names).toEqual(['file:///*']);
  });

  const name = fc.constantFrom('filesystem', 'github', 'later', 'fs', 'x');
  const tool = fc.constantFrom('read_file', 'read_dir', 'write_file', 'create_issue', 'get_issue', 'nope');
  const glob = fc.oneof(name, tool, fc.constantFrom('*', 'read_*', '*_issue', '?et_issue'));
  const resource = fc.constantFrom('file:///docs/readme.md', 'file:///{path}', 'file:///*', 'file:///docs/*', '*', 'nope://x');
  const prompt = fc.constantFrom('summarize', 'review', 'sum*', '*', 'nope');
  const rest = fc.oneof(glob, resource.map((r) => `resource:${r}`), prompt.map((p) => `prompt:${p}`), glob.map((g) => `tool:${g}`));
  const rule = fc.record({ effect: fc.constantFrom('allow' as const, 'deny' as const), pattern: fc.tuple(fc.oneof(name, fc.constant('*')), rest).map(([s, t]) => `${s}:${t}`) });
  const probes: [Capability, string][] = [
    ...['read_file', 'read_dir', 'write_file', 'create_issue', 'get_issue', 'nope', 'other'].map((t): [Capability, string] => ['tool', t]),
    ...['file:///docs/readme.md', 'file:///{path}', 'file:///other'].map((r): [Capability, string] => ['resource', r]),
    ...['summarize', 'review', 'other'].map((p): [Capability, string] => ['prompt', p]),
  ];

  it('counts allowed tools, resources and prompts exactly as the policy engine decides them', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), (rules: Rule[]) => {
        const policy = new Policy(rules);
        const count = (kind: Capability, names: (s: CatalogServer) => readonly string[] | null | undefined) =>
          catalog.flatMap((s) => (names(s) ?? []).filter((n) => policy.decide(s.name, n, kind).allowed)).length;
        const c = ruleCoverage(rules, catalog);
        expect(c.allowed).toBe(count('tool', (s) => s.tools));
        expect(c.resources.allowed).toBe(count('resource', (s) => s.resources));
        expect(c.prompts.allowed).toBe(count('prompt', (s) => s.prompts));
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
          for (const [kind, n] of probes) expect(b.decide(s, n, kind).allowed).toBe(a.decide(s, n, kind).allowed);
        }
      }),
    );
  });
});
