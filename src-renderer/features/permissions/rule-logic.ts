// What a key's rules mean for one tool, resource or prompt of a server, computed the way
// the policy engine does (src-main/core/policy/policy.ts): rules of the thing's own kind
// only, deny beats allow, no allow means denied. The matrix writes exact rules
// (`server:tool`, `server:resource:URI`, `server:prompt:NAME`); pattern rules are kept.
import type { Rule } from '../../../src-preload/contract';
import { formatPattern, globToRegExp, parsePattern, wholeServerPatterns, type Capability } from '../../../src-shared/model/rule-pattern';

export type Effect = Rule['effect'];

/** One column of the matrix: a tool, a resource (or resource template) or a prompt of a server. */
export interface Target {
  server: string;
  kind: Capability;
  /** The tool's or prompt's name, the resource's URI or the template's URI template. */
  name: string;
  /** A resource template: its exact rule covers every URI it expands to. */
  template?: boolean;
}

export interface Cell {
  allowed: boolean;
  /** exact: the cell's own rule decided; pattern: a glob rule did; none: nothing allows it. */
  source: 'exact' | 'pattern' | 'none';
  /** The deciding rule's pattern, when there is one. */
  rule: string | null;
  /** The exact rule set on this cell, if any (even when a pattern deny overrides it). */
  exact: Effect | null;
}

interface Compiled {
  kind: Capability;
  server: RegExp;
  name: RegExp;
}

const compiled = new Map<string, Compiled>();
function matcher(pattern: string): Compiled {
  let m = compiled.get(pattern);
  if (!m) {
    const p = parsePattern(pattern);
    m = { kind: p.kind, server: globToRegExp(p.server), name: globToRegExp(p.glob) };
    compiled.set(pattern, m);
  }
  return m;
}

export function isPatternRule(r: Rule): boolean {
  return /[*?]/.test(r.pattern);
}

/** `{var}` of an RFC 6570 template as `*`: the glob of every URI the template expands to. */
export function templateGlob(uriTemplate: string): string {
  return uriTemplate.replace(/\{[^}]*\}/g, '*');
}

/** The rule text a cell writes. */
export function exactPattern(t: Target): string {
  return formatPattern(t.server, t.kind, t.template ? templateGlob(t.name) : t.name);
}

/** What a cell is called on screen and in its accessible name: `server:tool`, `server:resource:URI`. */
export function targetLabel(t: Target): string {
  return t.kind === 'tool' ? `${t.server}:${t.name}` : `${t.server}:${t.kind}:${t.name}`;
}

export function matches(pattern: string, t: Target): boolean {
  const m = matcher(pattern);
  return m.kind === t.kind && m.server.test(t.server) && m.name.test(t.name);
}

export function decide(rules: readonly Rule[], t: Target): Cell {
  const exactText = exactPattern(t);
  let exact: Effect | null = null;
  let allow: Rule | null = null;
  let deny: Rule | null = null;
  for (const r of rules) {
    if (r.pattern === exactText) exact = exact === 'deny' ? 'deny' : r.effect;
    if (!matches(r.pattern, t)) continue;
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
export function setExact(rules: readonly Rule[], t: Target, effect: Effect | null): Rule[] {
  const text = exactPattern(t);
  const rest = rules.filter((r) => r.pattern !== text);
  return effect ? [...rest, { effect, pattern: text }] : rest;
}

/** Rules whose server part is exactly this server (`fs:*`, `fs:read_*`, `fs:resource:x`); not `*:*`. */
export function isServerRule(r: Rule, server: string): boolean {
  return parsePattern(r.pattern).server === server;
}

export type Preset = 'read-only' | 'everything' | 'nothing';

export const presets: { id: Preset; label: string; explain: string }[] = [
  { id: 'read-only', label: 'Read-only', explain: 'Allow the tools the server marks read-only, its resources and prompts' },
  { id: 'everything', label: 'Everything', explain: 'Allow every tool, resource and prompt of the server, today’s and future ones' },
  { id: 'nothing', label: 'Nothing', explain: 'Remove every rule that names this server' },
];

/** Replaces the rules that name `server` with the preset's; rules for other servers and `*:` globs stay. */
export function applyPreset(rules: readonly Rule[], server: string, preset: Preset, readOnlyTools: string[]): Rule[] {
  const rest = rules.filter((r) => !isServerRule(r, server));
  const allow = (pattern: string): Rule => ({ effect: 'allow', pattern });
  // Reading a resource or getting a prompt changes nothing: both presets that open the server include them.
  const readOnlyRest = [allow(`${server}:resource:*`), allow(`${server}:prompt:*`)];
  if (preset === 'everything') return [...rest, ...wholeServerPatterns(server).map(allow)];
  if (preset === 'read-only') return [...rest, ...readOnlyTools.map((name) => allow(exactPattern({ server, kind: 'tool', name }))), ...readOnlyRest];
  return rest;
}

export function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return a.length === b.length && a.every((r, i) => r.effect === b[i]!.effect && r.pattern === b[i]!.pattern);
}
