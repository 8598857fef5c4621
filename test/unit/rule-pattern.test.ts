// The rule grammar shared by the policy engine, the admin API and the Permissions screen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exposureTermSchema, rulePatternSchema } from '../../src-preload/contract';
import { formatPattern, parsePattern, patternProblem, type Capability } from '../../src-shared/model/rule-pattern';
import { grantRules } from '../../src-main/core/servers/exposure';

describe('rule patterns', () => {
  it('reads SERVER:TOOLGLOB as before, and a kind only when a colon follows it', () => {
    expect(parsePattern('fs:read_*')).toEqual({ server: 'fs', kind: 'tool', glob: 'read_*' });
    expect(parsePattern('*:*')).toEqual({ server: '*', kind: 'tool', glob: '*' });
    expect(parsePattern('fs:resource:file:///a/*')).toEqual({ server: 'fs', kind: 'resource', glob: 'file:///a/*' });
    expect(parsePattern('fs:prompt:*')).toEqual({ server: 'fs', kind: 'prompt', glob: '*' });
    expect(parsePattern('fs:prompt_x')).toEqual({ server: 'fs', kind: 'tool', glob: 'prompt_x' });
    expect(parsePattern('fs:resources:x')).toEqual({ server: 'fs', kind: 'tool', glob: 'resources:x' });
    expect(parsePattern('fs:tool:resource:x')).toEqual({ server: 'fs', kind: 'tool', glob: 'resource:x' });
    expect(parsePattern('fs')).toEqual({ server: 'fs', kind: 'tool', glob: '*' });
  });

  it('property: what formatPattern writes, parsePattern reads back (tool names that look like kinds included)', () => {
    const server = fc.stringMatching(/^[A-Za-z0-9*?][A-Za-z0-9_.*?-]{0,10}$/);
    const glob = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('resource:x', 'prompt:*', 'tool:t', 'a:b', '*'));
    fc.assert(
      fc.property(server, fc.constantFrom<Capability>('tool', 'resource', 'prompt'), glob, (s, kind, g) => {
        expect(parsePattern(formatPattern(s, kind, g))).toEqual({ server: s, kind, glob: g });
      }),
    );
  });

  it('names the fix for a pattern cut short or without a server', () => {
    expect(patternProblem('fs:resource:')).toBe('give the URI glob after "fs:resource:", for example fs:resource:*');
    expect(patternProblem('fs:prompt:')).toBe('give the name glob after "fs:prompt:", for example fs:prompt:*');
    expect(patternProblem('fs:')).toBe('give the tool after "fs:", for example fs:* for every tool');
    expect(patternProblem('nonsense')).toMatch(/^a rule is SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB/);
    expect(patternProblem('fs:a b')).toMatch(/no spaces/);
    expect(rulePatternSchema.safeParse('  fs:resource:db://x/*  ').data).toBe('fs:resource:db://x/*');
    expect(exposureTermSchema.safeParse('resource:').error?.issues[0]?.message).toBe('give the URI glob after "resource:", for example resource:*');
  });

  it('turns exposure terms into rules of their kind for an approved OAuth client', () => {
    const rules = grantRules({ server: 'docs', exposed: true, allowTools: ['*', 'resource:file:///pub/*', 'prompt:*'], denyTools: ['delete_*'], acceptApiKeys: false });
    expect(rules.map((r) => [r.effect, parsePattern(r.pattern)])).toEqual([
      ['allow', { server: 'docs', kind: 'tool', glob: '*' }],
      ['allow', { server: 'docs', kind: 'resource', glob: 'file:///pub/*' }],
      ['allow', { server: 'docs', kind: 'prompt', glob: '*' }],
      ['deny', { server: 'docs', kind: 'tool', glob: 'delete_*' }],
    ]);
  });
});
