import type { Rule } from '../../../src-preload/contract';
import { globToRegExp, splitPattern } from '../../../src-preload/rule-pattern';

export type Decision =
  | { allowed: true; rule: string }
  | { allowed: false; reason: 'denied_by_rule' | 'no_allow_rule'; rule: string | null };

interface CompiledRule {
  effect: Rule['effect'];
  text: string;
  server: RegExp;
  tool: RegExp;
}


/**
 * A principal's rules, compiled once. Deny beats allow; no matching allow means denied.
 * Decisions are memoised per server and tool, since a session asks about few tools many times.
 */
export class Policy {
  private readonly compiled: CompiledRule[];
  private readonly memo = new Map<string, Decision>();

  constructor(readonly rules: readonly Rule[]) {
    this.compiled = rules.map((r) => {
      const [server, tool] = splitPattern(r.pattern);
      return { effect: r.effect, text: r.pattern, server: globToRegExp(server), tool: globToRegExp(tool) };
    });
  }

  decide(server: string, tool: string): Decision {
    const key = `${server}\u0000${tool}`;
    let d = this.memo.get(key);
    if (!d) {
      d = this.compute(server, tool);
      if (this.memo.size > 50_000) this.memo.clear();
      this.memo.set(key, d);
    }
    return d;
  }

  /** Whether any allow rule could match some tool of this server. */
  reachesServer(server: string): boolean {
    return this.compiled.some((r) => r.effect === 'allow' && r.server.test(server));
  }

  private compute(server: string, tool: string): Decision {
    let allow: CompiledRule | null = null;
    for (const r of this.compiled) {
      if (!r.server.test(server) || !r.tool.test(tool)) continue;
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

export function describeDecision(d: Decision, server: string, tool: string): string {
  if (d.allowed) return `allowed by ${d.rule}`;
  return d.reason === 'denied_by_rule'
    ? `tool ${tool} of server ${server} is denied by the rule ${d.rule}`
    : `no rule allows tool ${tool} of server ${server}`;
}
