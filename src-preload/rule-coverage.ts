// What a set of permission rules reaches among the servers and tools Gatehouse knows,
// shared by the key form (live counts and warnings) and `gatehouse keys create` (the
// same warnings, and the refusal of a key that allows nothing). Pure: no I/O.
import type { Rule } from './contract';
import { globToRegExp, splitPattern } from './rule-pattern';

/** A registered server and its discovered tool names; null: not discovered yet (anything may exist). */
export interface CatalogServer {
  name: string;
  tools: readonly string[] | null;
}

export interface RuleWarning {
  pattern: string;
  effect: Rule['effect'];
  kind: 'unknown_server' | 'no_match';
  message: string;
  /** A close spelling that does exist (a typo's likely fix). */
  suggestion: string | null;
}

export interface Coverage {
  /** Tools of discovered servers the rules allow. */
  allowed: number;
  /** Tools of discovered servers. */
  total: number;
  /** No known tool is allowed, and no allow rule reaches a server whose tools are unknown. */
  allowsNothing: boolean;
  warnings: RuleWarning[];
}

const hasGlob = (s: string) => /[*?]/.test(s);

function compile(pattern: string): { server: RegExp; tool: RegExp; serverText: string; toolText: string } {
  const [serverText, toolText] = splitPattern(pattern);
  return { server: globToRegExp(serverText), tool: globToRegExp(toolText), serverText, toolText };
}

/** How many known tools a `SERVER:TOOLGLOB` pattern matches (the form's live count). */
export function matchCount(pattern: string, catalog: readonly CatalogServer[]): number {
  const c = compile(pattern);
  return catalog.filter((s) => c.server.test(s.name)).reduce((n, s) => n + (s.tools ?? []).filter((t) => c.tool.test(t)).length, 0);
}

/** Levenshtein distance, cut short past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest name, if it is close enough to be a typo (a few letters off). */
export function closest(word: string, names: readonly string[]): string | null {
  const max = Math.max(2, Math.floor(word.length / 4));
  let best: { name: string; d: number } | null = null;
  for (const name of names) {
    const d = distance(word.toLowerCase(), name.toLowerCase(), max);
    if (d <= max && (!best || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

function warningFor(rule: Rule, catalog: readonly CatalogServer[]): RuleWarning | null {
  const c = compile(rule.pattern);
  const servers = catalog.filter((s) => c.server.test(s.name));
  if (servers.length === 0) {
    const suggestion = hasGlob(c.serverText) ? null : closest(c.serverText, catalog.map((s) => s.name));
    const fix = suggestion ? `${suggestion}:${c.toolText}` : null;
    return {
      pattern: rule.pattern,
      effect: rule.effect,
      kind: 'unknown_server',
      suggestion: fix,
      message: `${rule.pattern} names no registered server${hasGlob(c.serverText) ? '' : ` (there is no server ${c.serverText})`}${fix ? `; did you mean ${fix}?` : ''}`,
    };
  }
  // A server whose tools are not known yet may have a tool that matches.
  if (servers.some((s) => s.tools === null) || matchCount(rule.pattern, servers) > 0) return null;
  const tools = servers.flatMap((s) => s.tools ?? []);
  const near = hasGlob(c.toolText) ? null : closest(c.toolText, tools);
  const fix = near && servers.length === 1 ? `${servers[0]!.name}:${near}` : null;
  return {
    pattern: rule.pattern,
    effect: rule.effect,
    kind: 'no_match',
    suggestion: fix,
    message: `${rule.pattern} matches no tool of ${servers.map((s) => s.name).join(', ')}${fix ? `; did you mean ${fix}?` : ''}`,
  };
}

function allowedBy(rules: readonly Rule[], server: string, tool: string, compiled: ReturnType<typeof compile>[]): boolean {
  let allow = false;
  for (let i = 0; i < rules.length; i++) {
    const c = compiled[i]!;
    if (!c.server.test(server) || !c.tool.test(tool)) continue;
    if (rules[i]!.effect === 'deny') return false;
    allow = true;
  }
  return allow;
}

/** Deny beats allow; no matching allow means denied (as src-main/core/policy decides). */
export function ruleCoverage(rules: readonly Rule[], catalog: readonly CatalogServer[]): Coverage {
  const compiled = rules.map((r) => compile(r.pattern));
  let allowed = 0;
  let total = 0;
  for (const s of catalog) {
    for (const t of s.tools ?? []) {
      total += 1;
      if (allowedBy(rules, s.name, t, compiled)) allowed += 1;
    }
  }
  const reachesUnknown = rules.some((r, i) => r.effect === 'allow' && catalog.some((s) => s.tools === null && compiled[i]!.server.test(s.name)));
  const warnings = rules.map((r) => warningFor(r, catalog)).filter((w): w is RuleWarning => w !== null);
  return { allowed, total, allowsNothing: allowed === 0 && !reachesUnknown, warnings };
}
