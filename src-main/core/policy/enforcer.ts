import type { RateLimit } from '../../../src-shared/model/rate-limit';
import type { Rule } from '../../../src-shared/model/rules';
import type { Settings } from '../../../src-shared/model/system';
import type { AuditLog } from '../audit/log';
import { redact } from '../audit/redact';
import { describeDecision, policyFor, type Capability, type Use } from './policy';
import { describeRetry, parseBucket, principalBucket, toolBucket, type RateLimiter } from './rate-limiter';
import { globToRegExp, parsePattern } from '../../../src-shared/model/rule-pattern';

/** Who is calling, once authenticated: an API key now, an OAuth client later. */
export interface Principal {
  type: 'api_key' | 'oauth_client';
  id: string;
  name: string;
  rules: readonly Rule[];
  rateLimit: RateLimit | null;
}

export type Verdict =
  | { ok: true }
  | { ok: false; decision: 'denied'; reason: string; message: string }
  | { ok: false; decision: 'rate_limited'; reason: string; message: string; retryAfterMs: number };

/** The one answer for every request let through: the per-message path allocates nothing for it. */
const PASS: Verdict = Object.freeze({ ok: true });

/** What the enforcer judges of one request: its method, what it uses, whether it spends a call. */
export interface Judged {
  method: string;
  uses: readonly Use[];
  metered: boolean;
}

/**
 * The one place a request is judged, shared by the stdio guard and the HTTP gateway:
 * policy over every capability it uses, then rate limits, and an audit row for every decision.
 */
export class Enforcer {
  private targetLimits: { kind: Capability; server: RegExp; name: RegExp; limit: RateLimit }[] = [];
  private targetLimitsFrom: Settings['toolRateLimits'] | null = null;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: () => Settings,
    private readonly audit: AuditLog,
  ) {}

  /** Server-level access: a principal with no allow rule for this server may not use it at all. */
  reachesServer(p: Principal, server: string): boolean {
    return policyFor(p.rules).reachesServer(server);
  }

  /** Whether a tool (resource URI, prompt name) may be used: what filters a list. */
  allowed(p: Principal, server: string, use: Use): boolean {
    return policyFor(p.rules).decide(server, use.name, use.kind).allowed;
  }

  toolAllowed(p: Principal, server: string, tool: string): boolean {
    return this.allowed(p, server, { kind: 'tool', name: tool });
  }

  /** Judges one request. Does not audit: the caller records the outcome with `record`. */
  check(p: Principal, server: string, req: Judged): Verdict {
    if (!this.reachesServer(p, server)) {
      return {
        ok: false,
        decision: 'denied',
        reason: 'no_server_access',
        message: `${p.type === 'api_key' ? 'API key' : 'client'} "${p.name}" has no permission for server ${server}`,
      };
    }
    const policy = policyFor(p.rules);
    for (const use of req.uses) {
      const d = policy.decide(server, use.name, use.kind);
      if (!d.allowed) return { ok: false, decision: 'denied', reason: d.reason, message: describeDecision(d, server, use.name, use.kind) };
    }
    return req.metered ? this.meter(p, server, req.uses[0]) : PASS;
  }

  private meter(p: Principal, server: string, use: Use | undefined): Verdict {
    const settings = this.settings();
    const limit = p.rateLimit ?? settings.defaultRateLimit;
    if (limit) {
      const t = this.limiter.take(principalBucket(p.id), limit);
      if (!t.ok) return this.limited(`${limit.limit} calls per ${limit.window}`, t.retryAfterMs);
    }
    const own = use ? this.targetLimitFor(settings, server, use) : null;
    if (use && own) {
      const t = this.limiter.take(toolBucket(p.id, server, use.kind === 'tool' ? use.name : `${use.kind}:${use.name}`), own);
      if (!t.ok) return this.limited(`${own.limit} calls of ${use.name} per ${own.window}`, t.retryAfterMs);
    }
    return PASS;
  }

  /** The limit for a bucket name, for the Rate limits screen. */
  limitOfBucket(bucket: string, principalLimit: (id: string) => RateLimit | null | undefined): RateLimit | null {
    const { principalId, server, tool } = parseBucket(bucket);
    if (server === null) {
      const own = principalLimit(principalId);
      return own === undefined ? null : (own ?? this.settings().defaultRateLimit);
    }
    return this.targetLimitFor(this.settings(), server, useOfBucketName(tool ?? ''));
  }

  record(
    p: Pick<Principal, 'type' | 'id'> | null,
    event: {
      server: string;
      method: string;
      tool: string | null;
      decision: 'allowed' | 'denied' | 'rate_limited' | 'error';
      reason?: string | null;
      outcome?: string | null;
      latencyMs?: number | null;
      arguments?: unknown;
      actor?: string;
    },
  ): void {
    const storeArgs = event.arguments !== undefined && this.settings().auditStoreArguments;
    this.audit.record({
      action: 'mcp.request',
      actor: event.actor ?? null,
      principalType: p?.type ?? null,
      principalId: p?.id ?? null,
      server: event.server,
      tool: event.tool,
      method: event.method,
      decision: event.decision,
      reason: event.reason ?? null,
      outcome: event.outcome ?? null,
      latencyMs: event.latencyMs ?? null,
      arguments: storeArgs ? redact(event.arguments) : null,
    });
  }

  private limited(what: string, retryAfterMs: number): Verdict {
    return {
      ok: false,
      decision: 'rate_limited',
      reason: 'rate_limited',
      retryAfterMs,
      message: `rate limit reached (${what}); retry ${describeRetry(retryAfterMs)}`,
    };
  }

  /** A per-tool (per-resource, per-prompt) limit: the first rule of Settings that matches. */
  private targetLimitFor(settings: Settings, server: string, use: Use): RateLimit | null {
    if (settings.toolRateLimits !== this.targetLimitsFrom) {
      this.targetLimitsFrom = settings.toolRateLimits;
      this.targetLimits = settings.toolRateLimits.map((l) => {
        const p = parsePattern(l.pattern);
        return { kind: p.kind, server: globToRegExp(p.server), name: globToRegExp(p.glob), limit: { limit: l.limit, window: l.window } };
      });
    }
    return this.targetLimits.find((l) => l.kind === use.kind && l.server.test(server) && l.name.test(use.name))?.limit ?? null;
  }
}

/** The use a bucket's name part stands for: `resource:URI`, `prompt:NAME`, or a tool name. */
function useOfBucketName(name: string): Use {
  const m = /^(resource|prompt):/.exec(name);
  return m ? { kind: m[1] as Capability, name: name.slice(m[0].length) } : { kind: 'tool', name };
}
