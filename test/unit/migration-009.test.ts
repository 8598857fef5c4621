// Migration 009 (issue 11): every key and OAuth client keeps exactly the tools it had;
// whoever had a whole server gets its resources and prompts too; a narrower grant gets
// none. Checked on rows written before it ran, and as a property over generated rules.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src-main/core/db/connection';
import { migrate } from '../../src-main/core/db/migrate';
import { migrations } from '../../src-main/core/db/migrations';
import { Policy } from '../../src-main/core/policy/policy';
import { globToRegExp } from '../../src-shared/model/rule-pattern';
import type { Rule } from '../../src-preload/contract';
import { tmpDir } from '../helpers/core';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A database at schema 8, as the previous release left it. */
function before009(): Database {
  const t = tmpDir();
  const db = openDatabase(t.dir);
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  migrate(db, migrations.filter((m) => m.id <= 8));
  return db;
}

function addKey(db: Database, id: string, rules: Rule[]): void {
  db.prepare('INSERT INTO api_keys (id, name, created_at, updated_at, rules) VALUES (?, ?, 0, 0, ?)').run(id, id, JSON.stringify(rules));
}
const rulesOf = (db: Database, id: string) => JSON.parse((db.prepare('SELECT rules FROM api_keys WHERE id = ?').get(id) as { rules: string }).rules) as Rule[];
const allow = (pattern: string): Rule => ({ effect: 'allow', pattern });
const deny = (pattern: string): Rule => ({ effect: 'deny', pattern });

/** How the previous release read a rule: everything after the first colon is a tool glob. */
function oldAllows(rules: Rule[], server: string, tool: string): boolean {
  const hits = rules.filter((r) => {
    const i = r.pattern.indexOf(':');
    const [s, t] = i < 0 ? [r.pattern, '*'] : [r.pattern.slice(0, i), r.pattern.slice(i + 1)];
    return globToRegExp(s).test(server) && globToRegExp(t).test(tool);
  });
  return hits.some((r) => r.effect === 'allow') && !hits.some((r) => r.effect === 'deny');
}

describe('migration 009: capability rules', () => {
  it('adds resources and prompts beside whole-server rules only, and spells tool names that look like kinds as tools', () => {
    const db = before009();
    addKey(db, 'whole', [allow('everything:*'), deny('secrets:*')]);
    addKey(db, 'narrow', [allow('everything:echo'), allow('fs:read_*')]);
    addKey(db, 'kinds', [allow('odd:resource:x'), allow('odd:prompt:*'), deny('odd:tool:y')]);
    addKey(db, 'none', []);
    db.prepare("INSERT INTO oauth_client_meta (client_id, name, method, rules, created_at) VALUES ('c1', 'c', 'dcr', ?, 0)").run(JSON.stringify([allow('*:*')]));
    db.prepare("INSERT INTO servers (id, name, transport, created_at, updated_at) VALUES ('s1', 'everything', 'stdio', 0, 0)").run();
    db.prepare(`INSERT INTO server_exposure (server_id, allow_tools, deny_tools, updated_at) VALUES ('s1', '["*","prompt:x"]', '["get-env"]', 0)`).run();
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('toolRateLimits', ?, 0)").run(JSON.stringify([{ pattern: 'fs:resource:*', limit: 5, window: 'minute' }]));

    migrate(db, migrations);

    expect(rulesOf(db, 'whole')).toEqual([
      allow('everything:*'),
      allow('everything:resource:*'),
      allow('everything:prompt:*'),
      deny('secrets:*'),
      deny('secrets:resource:*'),
      deny('secrets:prompt:*'),
    ]);
    expect(rulesOf(db, 'narrow')).toEqual([allow('everything:echo'), allow('fs:read_*')]);
    expect(rulesOf(db, 'kinds')).toEqual([allow('odd:tool:resource:x'), allow('odd:tool:prompt:*'), deny('odd:tool:tool:y')]);
    expect(rulesOf(db, 'none')).toEqual([]);
    const client = JSON.parse((db.prepare("SELECT rules FROM oauth_client_meta WHERE client_id = 'c1'").get() as { rules: string }).rules) as Rule[];
    expect(client).toEqual([allow('*:*'), allow('*:resource:*'), allow('*:prompt:*')]);
    const e = db.prepare("SELECT allow_tools, deny_tools FROM server_exposure WHERE server_id = 's1'").get() as { allow_tools: string; deny_tools: string };
    expect(JSON.parse(e.allow_tools)).toEqual(['*', 'resource:*', 'prompt:*', 'tool:prompt:x']);
    expect(JSON.parse(e.deny_tools)).toEqual(['get-env']);
    const limits = JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'toolRateLimits'").get() as { value: string }).value) as { pattern: string }[];
    expect(limits).toEqual([{ pattern: 'fs:tool:resource:*', limit: 5, window: 'minute' }]);
  });

  it('property: every tool decision stays as it was; resources and prompts follow whole-server rules', () => {
    const glob = fc.constantFrom('*', 'a', 'read_*', 'resource:*', 'prompt:p', 'tool:*', 'tool:t', '?', 'x:*', '*:*');
    const server = fc.constantFrom('fs', 'gh', '*', 'f?');
    const rule = fc.record({ effect: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'), server, glob }).map((r): Rule => ({ effect: r.effect, pattern: `${r.server}:${r.glob}` }));
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), (rules) => {
        const db = before009();
        addKey(db, 'k', rules);
        migrate(db, migrations);
        const after = new Policy(rulesOf(db, 'k'));
        for (const s of ['fs', 'gh']) {
          for (const t of ['a', 'b', 'read_x', 'resource:x', 'prompt:p', 'tool:t', 'x:y', '']) {
            expect(after.decide(s, t, 'tool').allowed, `${s}:${t} of ${JSON.stringify(rules)}`).toBe(oldAllows(rules, s, t));
          }
          const whole = (effect: Rule['effect']) => rules.some((r) => r.effect === effect && r.pattern.endsWith(':*') && r.pattern.indexOf(':') === r.pattern.length - 2 && globToRegExp(r.pattern.slice(0, -2)).test(s));
          for (const kind of ['resource', 'prompt'] as const) {
            expect(after.decide(s, 'anything', kind).allowed).toBe(whole('allow') && !whole('deny'));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
