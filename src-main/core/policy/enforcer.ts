import type { RateLimit, Rule, Settings } from '../../../src-preload/contract';
import type { AuditLog } from '../audit/log';
import { redact } from '../audit/redact';
import { describeDecision, policyFor } from './policy';
import { describeRetry, parseBucket, principalBucket, toolBucket, type RateLimiter } from './rate-limiter';
import { globToRegExp, splitPattern } from '../../../src-preload/rule-pattern';

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

/** Methods that spend a call from the rate limit. */
const METERED = new Set(['tools/call', 'resources/read', 'prompts/get']);

/**
 * The one place a request is judged, shared by the stdio guard and the HTTP gateway:
 * per-tool policy, then rate limits, and an audit row for every decision.
 */
export class Enforcer {
  private toolLimits: { server: RegExp; tool: RegExp; limit: RateLimit }[] = [];
  private toolLimitsFrom: Settings['toolRateLimits'] | null = null;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: () => Settings,
    private readonly audit: AuditLog,
  ) {}

  /** Server-level access: a principal with no allow rule for this server may not use it at all. */
  reachesServer(p: Principal, server: string): boolean {
    return policyFor(p.rules).reachesServer(server);
  }

  toolAllowed(p: Principal, server: string, tool: string): boolean {
    return policyFor(p.rules).decide(server, tool).allowed;
  }

  /** Judges one request. Does not audit: the caller records the outcome with `record`. */
  check(p: Principal, server: string, method: string, tool: string | null): Verdict {
    if (!this.reachesServer(p, server)) {
      return {
        ok: false,
        decision: 'denied',
        reason: 'no_server_access',
        message: `${p.type === 'api_key' ? 'API key' : 'client'} "${p.name}" has no permission for server ${server}`,
      };
    }
    if (method === 'tools/call') {
      if (!tool) return { ok: false, decision: 'denied', reason: 'invalid_request', message: 'tools/call without a tool name' };
      const d = policyFor(p.rules).decide(server, tool);
      if (!d.allowed) return { ok: false, decision: 'denied', reason: d.reason, message: describeDecision(d, server, tool) };
    }
    if (!METERED.has(method)) return PASS;
    const settings = this.settings();
    const limit = p.rateLimit ?? settings.defaultRateLimit;
    if (limit) {
      const t = this.limiter.take(principalBucket(p.id), limit);
      if (!t.ok) return this.limited(`${limit.limit} calls per ${limit.window}`, t.retryAfterMs);
    }
    if (tool) {
      const toolLimit = this.toolLimitFor(settings, server, tool);
      if (toolLimit) {
        const t = this.limiter.take(toolBucket(p.id, server, tool), toolLimit);
        if (!t.ok) return this.limited(`${toolLimit.limit} calls of ${tool} per ${toolLimit.window}`, t.retryAfterMs);
      }
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
    return this.toolLimitFor(this.settings(), server, tool ?? '');
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

  private toolLimitFor(settings: Settings, server: string, tool: string): RateLimit | null {
    if (settings.toolRateLimits !== this.toolLimitsFrom) {
      this.toolLimitsFrom = settings.toolRateLimits;
      this.toolLimits = settings.toolRateLimits.map((l) => {
        const [s, t] = splitPattern(l.pattern);
        return { server: globToRegExp(s), tool: globToRegExp(t), limit: { limit: l.limit, window: l.window } };
      });
    }
    return this.toolLimits.find((l) => l.server.test(server) && l.tool.test(tool))?.limit ?? null;
  }
}
