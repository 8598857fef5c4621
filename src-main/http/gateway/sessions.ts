// The gateway's live sessions, bounded: each may hold a server process (a stdio server is
// started per session), so one principal may hold at most `gatewaySessionsPerPrincipal`
// and everyone together `gatewaySessionsTotal` (Settings). A session with nothing going on
// for `gatewaySessionIdleMinutes` ends; over a cap, a new session is refused with a
// JSON-RPC error and Retry-After (429 for the principal's cap, 503 for the total).
import type { Core } from '../../core';
import type { Principal } from '../../core/policy/enforcer';
import { GatewaySession, principalKey } from './session';
import type { Refusal } from './streamable';

const SWEEP_MS = 5_000;

export class SessionTable {
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly core: Core,
    private readonly requestTimeoutMs: number,
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  get(id: string): GatewaySession | undefined {
    return this.sessions.get(id);
  }

  /** A new session for this principal, or the refusal that says which cap it hit and when to retry. */
  open(server: string, principal: Principal): GatewaySession | Refusal {
    const refusal = this.capRefusal(principal);
    if (refusal) return refusal;
    const session = new GatewaySession(this.core, server, principal, (s) => {
      this.sessions.delete(s.id);
      this.core.live.remove(s.id);
    });
    this.sessions.set(session.id, session);
    this.core.live.put(
      {
        id: session.id,
        server,
        principalType: principal.type,
        principalId: principal.id,
        principalName: principal.name,
        startedAt: session.startedAt,
        lastUsed: session.lastUsed,
      },
      () => session.close(),
    );
    return session;
  }

  closeAll(): void {
    clearInterval(this.sweeper);
    for (const s of [...this.sessions.values()]) s.close();
  }

  private idleMs(): number {
    return this.core.settings.current().gatewaySessionIdleMinutes * 60_000;
  }

  /** Ends idle sessions and answers requests their server left waiting too long. */
  sweep(): void {
    const cutoff = Date.now() - this.idleMs();
    for (const s of [...this.sessions.values()]) {
      const idle = s.idleSince();
      if (idle !== null && idle < cutoff) s.close();
      else s.expire(this.requestTimeoutMs);
    }
  }

  private capRefusal(principal: Principal): Refusal | null {
    const settings = this.core.settings.current();
    const key = principalKey(principal);
    const own = [...this.sessions.values()].filter((s) => s.principalKey === key);
    if (own.length >= settings.gatewaySessionsPerPrincipal) {
      const who = `${principal.type === 'api_key' ? 'API key' : 'client'} "${principal.name}"`;
      return this.overCap(principal, 429, own, 'session_limit_principal', `${who} has ${own.length} open sessions, its limit (setting gatewaySessionsPerPrincipal)`);
    }
    if (this.sessions.size >= settings.gatewaySessionsTotal) {
      return this.overCap(principal, 503, [...this.sessions.values()], 'session_limit_total', `the gateway holds ${this.sessions.size} sessions, its limit (setting gatewaySessionsTotal)`);
    }
    return null;
  }

  /** A refusal over a cap; Retry-After is when the first of these sessions would end idle. */
  private overCap(principal: Principal, status: 429 | 503, holding: GatewaySession[], reason: string, what: string): Refusal {
    const idleMs = this.idleMs();
    const now = Date.now();
    const ends = holding.map((s) => s.idleSince()).filter((t): t is number => t !== null).map((t) => t + idleMs - now);
    const retryS = Math.max(1, Math.ceil((ends.length ? Math.min(...ends) : idleMs) / 1000));
    this.core.audit.record({
      action: 'gateway.session.refused',
      actor: 'gateway',
      principalType: principal.type,
      principalId: principal.id,
      decision: 'denied',
      reason,
      detail: { sessions: holding.length },
    });
    return {
      status,
      code: -32000,
      message: `Too many sessions: ${what}. End a session you no longer use (HTTP DELETE with its Mcp-Session-Id) or retry in ${retryS} s.`,
      headers: { 'Retry-After': String(retryS) },
      data: { reason, retryAfterMs: retryS * 1000 },
    };
  }
}
