// What a key's rules mean for one server and tool, computed the way the policy engine
// does (src-main/core/policy/policy.ts): deny beats allow, no allow means denied.
// The matrix writes exact rules (`server:tool`); pattern rules (globs) are kept as they are.
import type { Rule } from '../../../src-preload/contract';
import { globToRegExp, splitPattern } from '../../../src-preload/rule-pattern';

export type Effect = Rule['effect'];

export interface Cell {
  allowed: boolean;
  /** exact: a `server:tool` rule decided; pattern: a glob rule did; none: nothing allows it. */
  source: 'exact' | 'pattern' | 'none';
  /** The deciding rule's pattern, when there is one. */
  rule: string | null;
  /** The exact rule set on this cell, if any (even when a pattern deny overrides it). */
  exact: Effect | null;
}


const compiled = new Map<string, [RegExp, RegExp]>();
function matcher(pattern: string): [RegExp, RegExp] {
  let m = compiled.get(pattern);
  if (!m) {
    const [s, t] = splitPattern(pattern);
    m = [globToRegExp(s), globToRegExp(t)];
    compiled.set(pattern, m);
  }
  return m;
}


export function isPatternRule(r: Rule): boolean {
  return /[*?]/.test(r.pattern);
}

export function exactPattern(server: string, tool: string): string {
  return `${server}:${tool}`;
}

export function matches(pattern: string, server: string, tool: string): boolean {
  const [s, t] = matcher(pattern);
  return s.test(server) && t.test(tool);
}

export function decide(rules: readonly Rule[], server: string, tool: string): Cell {
  const exactText = exactPattern(server, tool);
  let exact: Effect | null = null;
  let allow: Rule | null = null;
  let deny: Rule | null = null;
  for (const r of rules) {
    if (r.pattern === exactText) exact = exact === 'deny' ? 'deny' : r.effect;
    if (!matches(r.pattern, server, tool)) continue;
    if (r.effect === 'deny') deny ??= r;
    else allow ??= r;
  }
  const deciding = deny ?? allow;
  if (!deciding) return { allowed: false, source: 'none', rule: null, exact };
  return {
    allowed: deciding.effect === 'allow',
    source: deciding.pattern === exactText ? 'exact' : 'pattern',
    rule: deciding.pattern,
    exact,
  };
}

/** Sets (or clears, with null) the exact rule of one cell; every other rule stays. */
export function setExact(rules: readonly Rule[], server: string, tool: string, effect: Effect | null): Rule[] {
  const text = exactPattern(server, tool);
  const rest = rules.filter((r) => r.pattern !== text);
  return effect ? [...rest, { effect, pattern: text }] : rest;
}

/** Rules whose server part is exactly this server (`fs:*`, `fs:read_*`, `fs:x`); not `*:*`. */
export function isServerRule(r: Rule, server: string): boolean {
  return splitPattern(r.pattern)[0] === server;
}

export type Preset = 'read-only' | 'everything' | 'nothing';

export const presets: { id: Preset; label: string; explain: string }[] = [
  { id: 'read-only', label: 'Read-only tools', explain: 'Allow the tools the server marks read-only, nothing else' },
  { id: 'everything', label: 'Everything', explain: 'Allow every tool of the server, today’s and future ones' },
  { id: 'nothing', label: 'Nothing', explain: 'Remove every rule that names this server' },
];

/** Replaces the rules that name `server` with the preset's; rules for other servers and `*:` globs stay. */
export function applyPreset(rules: readonly Rule[], server: string, preset: Preset, readOnlyTools: string[]): Rule[] {
  const rest = rules.filter((r) => !isServerRule(r, server));
  if (preset === 'everything') return [...rest, { effect: 'allow', pattern: `${server}:*` }];
  if (preset === 'read-only') return [...rest, ...readOnlyTools.map((t) => ({ effect: 'allow' as const, pattern: exactPattern(server, t) }))];
  return rest;
}

export function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return a.length === b.length && a.every((r, i) => r.effect === b[i]!.effect && r.pattern === b[i]!.pattern);
}
