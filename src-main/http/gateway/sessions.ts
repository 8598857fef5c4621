// The gateway's live sessions, bounded: each may hold a server process (a stdio server is
// started per session), so one principal may hold at most `gatewaySessionsPerPrincipal`
// sessions to one server and everyone together `gatewaySessionsTotal` (Settings). A new
// session past the principal's cap replaces that principal's longest-idle session to the
// server (a client app restarted without ending its session must not lock itself out);
// when every one of them is busy it is refused with 429, and past the total with 503,
// each with a JSON-RPC error and Retry-After. A session with nothing going on for
// `gatewaySessionIdleMinutes` ends.
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
    /** Processes held outside sessions (the stateless pools): they count against the total. */
    private readonly held: () => number = () => 0,
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  get count(): number {
    return this.sessions.size;
  }

  get(id: string): GatewaySession | undefined {
    return this.sessions.get(id);
  }

  /** A new session for this principal, or the refusal that says which cap it hit and when to retry. */
  open(server: string, principal: Principal): GatewaySession | Refusal {
    const refusal = this.capRefusal(server, principal);
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

  private capRefusal(server: string, principal: Principal): Refusal | null {
    const settings = this.core.settings.current();
    const key = principalKey(principal);
    const own = [...this.sessions.values()].filter((s) => s.principalKey === key && s.server === server);
    if (own.length >= settings.gatewaySessionsPerPrincipal && !this.replaceIdle(own)) {
      const who = `${principal.type === 'api_key' ? 'API key' : 'client'} "${principal.name}"`;
      return this.overCap(principal, 429, own, 'session_limit_principal', `${who} has ${own.length} sessions to ${server} in use, its limit (setting gatewaySessionsPerPrincipal)`);
    }
    const held = this.held();
    if (this.sessions.size + held >= settings.gatewaySessionsTotal) {
      const pool = held ? ` and ${held} server processes shared by 2026-07-28 clients` : '';
      return this.overCap(principal, 503, [...this.sessions.values()], 'session_limit_total', `the gateway holds ${this.sessions.size} sessions${pool}, its limit (setting gatewaySessionsTotal)`);
    }
    return null;
  }

  /** Ends the longest-idle of `own` (its client's next request gets 404); false when all are busy. */
  private replaceIdle(own: GatewaySession[]): boolean {
    let oldest: GatewaySession | null = null;
    for (const s of own) {
      const idle = s.idleSince();
      if (idle !== null && (oldest === null || idle < oldest.idleSince()!)) oldest = s;
    }
    if (!oldest) return false;
    this.core.audit.record({
      action: 'gateway.session.end',
      actor: 'gateway',
      principalType: oldest.principal.type,
      principalId: oldest.principal.id,
      server: oldest.server,
      reason: 'replaced',
    });
    oldest.close();
    return true;
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
