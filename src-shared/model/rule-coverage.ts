// What a set of permission rules reaches among the servers, tools, resources and prompts
// Gatehouse knows, shared by the key form (live counts and warnings) and
// `gatehouse keys create` (the same warnings, and the refusal of a key that allows
// nothing). Each rule governs one kind (see ./rule-pattern), as the policy engine
// decides (src-main/core/policy/policy.ts). Pure: no I/O.
import { editDistance } from './names';
import type { Rule } from './rules';
import { capabilities, formatPattern, globToRegExp, parsePattern, splitPattern, type Capability } from './rule-pattern';

/**
 * A registered server and what it offered at its last discovery; null: not discovered
 * yet (anything may exist). Resources are by URI, resource templates by URI template
 * (what the policy matches). Resources and prompts left out are known when the tools are.
 */
export interface CatalogServer {
  name: string;
  tools: readonly string[] | null;
  resources?: readonly string[] | null;
  prompts?: readonly string[] | null;
}

export interface RuleWarning {
  pattern: string;
  effect: Rule['effect'];
  kind: 'unknown_server' | 'no_match';
  message: string;
  /** A close spelling that does exist (a typo's likely fix). */
  suggestion: string | null;
}

export interface KindCoverage {
  /** Known names of this kind the rules allow. */
  allowed: number;
  /** Known names of this kind (on discovered servers). */
  total: number;
}

export interface Coverage {
  /** Tools of discovered servers the rules allow. */
  allowed: number;
  /** Tools of discovered servers. */
  total: number;
  resources: KindCoverage;
  prompts: KindCoverage;
  /** Nothing known is allowed, and no allow rule reaches a server whose names of its kind are unknown. */
  allowsNothing: boolean;
  warnings: RuleWarning[];
}

export const NOUNS: Record<Capability, { one: string; many: string }> = {
  tool: { one: 'tool', many: 'tools' },
  resource: { one: 'resource', many: 'resources' },
  prompt: { one: 'prompt', many: 'prompts' },
};

/** "1 tool", "3 resources". */
export const countOf = (n: number, kind: Capability) => `${n} ${n === 1 ? NOUNS[kind].one : NOUNS[kind].many}`;

const hasGlob = (s: string) => /[*?]/.test(s);

/** The names of one kind a server offers; null: not known. */
export function namesOf(s: CatalogServer, kind: Capability): readonly string[] | null {
  if (kind === 'tool') return s.tools;
  const names = kind === 'resource' ? s.resources : s.prompts;
  return names === undefined ? (s.tools === null ? null : []) : names;
}

interface Compiled {
  kind: Capability;
  server: RegExp;
  name: RegExp;
  serverText: string;
  glob: string;
}

function compile(pattern: string): Compiled {
  const p = parsePattern(pattern);
  return { kind: p.kind, server: globToRegExp(p.server), name: globToRegExp(p.glob), serverText: p.server, glob: p.glob };
}

/** What a pattern governs: tools, resources or prompts (the key form's "matches N tools"). */
export const kindOf = (pattern: string): Capability => parsePattern(pattern).kind;

/** How many known names of its kind a pattern matches. */
export function matchCount(pattern: string, catalog: readonly CatalogServer[]): number {
  const c = compile(pattern);
  return catalog.filter((s) => c.server.test(s.name)).reduce((n, s) => n + (namesOf(s, c.kind) ?? []).filter((t) => c.name.test(t)).length, 0);
}

/** The closest name, if it is close enough to be a typo (a few letters off). */
export function closest(word: string, names: readonly string[]): string | null {
  const max = Math.max(2, Math.floor(word.length / 4));
  let best: { name: string; d: number } | null = null;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase(), max);
    if (d <= max && (!best || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

function unknownServer(rule: Rule, c: Compiled, catalog: readonly CatalogServer[]): RuleWarning {
  const suggestion = hasGlob(c.serverText) ? null : closest(c.serverText, catalog.map((s) => s.name));
  const fix = suggestion ? `${suggestion}:${splitPattern(rule.pattern)[1]}` : null;
  return {
    pattern: rule.pattern,
    effect: rule.effect,
    kind: 'unknown_server',
    suggestion: fix,
    message: `${rule.pattern} names no registered server${hasGlob(c.serverText) ? '' : ` (there is no server ${c.serverText})`}${fix ? `; did you mean ${fix}?` : ''}`,
  };
}

function warningFor(rule: Rule, catalog: readonly CatalogServer[]): RuleWarning | null {
  const c = compile(rule.pattern);
  const servers = catalog.filter((s) => c.server.test(s.name));
  if (servers.length === 0) return unknownServer(rule, c, catalog);
  // A server whose names of this kind are not known yet may have one that matches; a
  // whole kind (`fs:resource:*`) means later ones too, even where there is none today.
  if (c.glob === '*' || servers.some((s) => namesOf(s, c.kind) === null) || matchCount(rule.pattern, servers) > 0) return null;
  const names = servers.flatMap((s) => namesOf(s, c.kind) ?? []);
  const near = hasGlob(c.glob) ? null : closest(c.glob, names);
  const fix = near && servers.length === 1 ? formatPattern(servers[0]!.name, c.kind, near) : null;
  return {
    pattern: rule.pattern,
    effect: rule.effect,
    kind: 'no_match',
    suggestion: fix,
    message: `${rule.pattern} matches no ${NOUNS[c.kind].one} of ${servers.map((s) => s.name).join(', ')}${fix ? `; did you mean ${fix}?` : ''}`,
  };
}

function allowedBy(rules: readonly Rule[], compiled: readonly Compiled[], server: string, kind: Capability, name: string): boolean {
  let allow = false;
  for (let i = 0; i < rules.length; i++) {
    const c = compiled[i]!;
    if (c.kind !== kind || !c.server.test(server) || !c.name.test(name)) continue;
    if (rules[i]!.effect === 'deny') return false;
    allow = true;
  }
  return allow;
}

function kindCoverage(rules: readonly Rule[], compiled: readonly Compiled[], catalog: readonly CatalogServer[], kind: Capability): KindCoverage {
  let allowed = 0;
  let total = 0;
  for (const s of catalog) {
    for (const name of namesOf(s, kind) ?? []) {
      total += 1;
      if (allowedBy(rules, compiled, s.name, kind, name)) allowed += 1;
    }
  }
  return { allowed, total };
}

/** Deny beats allow; no matching allow of the thing's own kind means denied (as src-main/core/policy decides). */
export function ruleCoverage(rules: readonly Rule[], catalog: readonly CatalogServer[]): Coverage {
  const compiled = rules.map((r) => compile(r.pattern));
  const [tools, resources, prompts] = capabilities.map((kind) => kindCoverage(rules, compiled, catalog, kind)) as [KindCoverage, KindCoverage, KindCoverage];
  const reachesUnknown = rules.some(
    (r, i) => r.effect === 'allow' && catalog.some((s) => namesOf(s, compiled[i]!.kind) === null && compiled[i]!.server.test(s.name)),
  );
  const warnings = rules.map((r) => warningFor(r, catalog)).filter((w): w is RuleWarning => w !== null);
  const any = tools.allowed + resources.allowed + prompts.allowed > 0;
  return { allowed: tools.allowed, total: tools.total, resources, prompts, allowsNothing: !any && !reachesUnknown, warnings };
}
