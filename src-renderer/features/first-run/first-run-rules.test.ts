// The rules the first-run path writes for the servers it protects.
import { describe, expect, it } from 'vitest';
import { defaultChoice, readOnlyTools, rulesFor } from './first-run-rules';

type Detail = Parameters<typeof readOnlyTools>[0];
const tool = (name: string, readOnlyHint?: boolean) => ({ name, title: null, description: null, annotations: readOnlyHint === undefined ? {} : { readOnlyHint } });
const server = (name: string, tools: ReturnType<typeof tool>[]) => ({ name, tools, resources: [], prompts: [] }) as unknown as Detail;

const fs = server('fs', [tool('read_file', true), tool('write_file', false), tool('stat')]);
const git = server('git', [tool('commit'), tool('push')]);

describe('first-run rules', () => {
  it('finds the tools a server marks read-only, and only those marked true', () => {
    expect(readOnlyTools(fs)).toEqual(['read_file']);
    expect(readOnlyTools(git)).toEqual([]);
  });

  it('pre-selects read-only when the server marks any tool read-only, else all', () => {
    expect(defaultChoice(fs)).toBe('read-only');
    expect(defaultChoice(git)).toBe('all');
  });

  it('writes one allow per chosen tool of today, and the server’s resources and prompts', () => {
    expect(rulesFor([{ detail: fs, choice: 'read-only' }, { detail: git, choice: 'all' }])).toEqual([
      { effect: 'allow', pattern: 'fs:read_file' },
      { effect: 'allow', pattern: 'fs:resource:*' },
      { effect: 'allow', pattern: 'fs:prompt:*' },
      { effect: 'allow', pattern: 'git:commit' },
      { effect: 'allow', pattern: 'git:push' },
      { effect: 'allow', pattern: 'git:resource:*' },
      { effect: 'allow', pattern: 'git:prompt:*' },
    ]);
  });

  it('writes no tool glob: a tool added later is not allowed by the first run', () => {
    const rules = rulesFor([{ detail: fs, choice: 'all' }]);
    expect(rules.filter((r) => r.pattern.startsWith('fs:') && !r.pattern.includes(':resource:') && !r.pattern.includes(':prompt:')).map((r) => r.pattern))
      .toEqual(['fs:read_file', 'fs:write_file', 'fs:stat']);
    expect(rulesFor([])).toEqual([]);
  });
});
