import type { Rule } from '../../../src-shared/model/rules';
import { globToRegExp, parsePattern, type Capability } from '../../../src-shared/model/rule-pattern';

export type { Capability };

/** One capability a request uses: a tool by name, a resource by URI (or URI template), a prompt by name. */
export interface Use {
  kind: Capability;
  name: string;
}

export type Decision =
  | { allowed: true; rule: string }
  | { allowed: false; reason: 'denied_by_rule' | 'no_allow_rule'; rule: string | null };

interface CompiledRule {
  effect: Rule['effect'];
  text: string;
  kind: Capability;
  server: RegExp;
  name: RegExp;
}

/**
 * A principal's rules, compiled once. Deny beats allow; no matching allow means denied.
 * Each rule governs one kind of capability (tools, resources by URI, prompts by name):
 * a tool rule never opens a resource. Decisions are memoised per server, kind and name,
 * since a session asks about few names many times.
 */
export class Policy {
  private readonly compiled: CompiledRule[];
  private readonly memo = new Map<string, Decision>();

  constructor(readonly rules: readonly Rule[]) {
    this.compiled = rules.map((r) => {
      const p = parsePattern(r.pattern);
      return { effect: r.effect, text: r.pattern, kind: p.kind, server: globToRegExp(p.server), name: globToRegExp(p.glob) };
    });
  }

  /** Whether this tool (resource URI, prompt name) of this server may be used. */
  decide(server: string, name: string, kind: Capability = 'tool'): Decision {
    const key = `${kind}\u0000${server}\u0000${name}`;
    let d = this.memo.get(key);
    if (!d) {
      d = this.compute(server, kind, name);
      if (this.memo.size > 50_000) this.memo.clear();
      this.memo.set(key, d);
    }
    return d;
  }

  /** Whether any allow rule could match something of this server (a tool, a resource or a prompt). */
  reachesServer(server: string): boolean {
    return this.compiled.some((r) => r.effect === 'allow' && r.server.test(server));
  }

  private compute(server: string, kind: Capability, name: string): Decision {
    let allow: CompiledRule | null = null;
    for (const r of this.compiled) {
      if (r.kind !== kind || !r.server.test(server) || !r.name.test(name)) continue;
      if (r.effect === 'deny') return { allowed: false, reason: 'denied_by_rule', rule: r.text };
      allow ??= r;
    }
    return allow ? { allowed: true, rule: allow.text } : { allowed: false, reason: 'no_allow_rule', rule: null };
  }
}

// Keyed by the rules array itself: the key service hands out the same array until the
// key's row changes, so a lookup costs no serialisation.
const cache = new WeakMap<readonly Rule[], Policy>();

/** The compiled policy for a rule list. */
export function policyFor(rules: readonly Rule[]): Policy {
  let p = cache.get(rules);
  if (!p) {
    p = new Policy(rules);
    cache.set(rules, p);
  }
  return p;
}

const NOUN: Record<Capability, string> = { tool: 'tool', resource: 'resource', prompt: 'prompt' };

export function describeDecision(d: Decision, server: string, name: string, kind: Capability = 'tool'): string {
  if (d.allowed) return `allowed by ${d.rule}`;
  return d.reason === 'denied_by_rule'
    ? `${NOUN[kind]} ${name} of server ${server} is denied by the rule ${d.rule}`
    : `no rule allows ${NOUN[kind]} ${name} of server ${server}`;
}
