// The admin's answers to pending authorization requests given outside the consent page:
// in the desktop window (whose session cookie the system browser never sees) or with the
// CLI. They live in the store so that any process (any replica) can answer; the consent page of the
// browser that started the sign-in takes its answer once and finishes that interaction.
// An answer never outlives its interaction.
import type { OAuthConsentAnswer, OAuthConsentDecision } from '../../../src-shared/model/oauth';
import type { AuditLog } from '../audit/log';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { GatehouseError } from '../errors';

interface InteractionPayload {
  result?: unknown;
  params?: { client_id?: unknown; resource?: unknown };
}

export interface TakenDecision {
  decision: OAuthConsentDecision;
  actor: string;
}

export class ConsentDecisions {
  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly audit: AuditLog,
  ) {
    this.sql = toSql(store);
  }

  /** Records the admin's answer for a pending, unexpired request; a later answer replaces an untaken one. */
  decide(uid: string, decision: OAuthConsentDecision, actor: string): OAuthConsentAnswer {
    const now = Date.now();
    const { clientId, expiresAt, resources } = this.sql.tx(() => {
      // Answers nobody picked up (the tab was closed) go with their interaction.
      this.sql.run('DELETE FROM oauth_consent_decisions WHERE expires_at <= ?', [now]);
      const row = this.sql.get<{ payload: string; expires_at: number | null }>(
        "SELECT payload, expires_at FROM oauth_models WHERE model = 'Interaction' AND id = ?",
        [uid],
      );
      const p = row && (row.expires_at === null || row.expires_at > now) ? (JSON.parse(row.payload) as InteractionPayload) : null;
      if (!row || !p?.params) {
        throw new GatehouseError('NOT_FOUND', `no pending sign-in request ${uid}: it expired (requests last 10 minutes), or it never existed. Start the sign-in again from the app.`);
      }
      if (p.result) throw new GatehouseError('CONFLICT', `sign-in request ${uid} was already answered on its consent page`);
      const clientId = typeof p.params.client_id === 'string' ? p.params.client_id : '';
      // Interactions always carry a TTL; the fallback is oidc-provider's 10 minutes.
      const expiresAt = row.expires_at ?? now + 600_000;
      this.sql.run(
        `INSERT INTO oauth_consent_decisions (uid, client_id, decision, actor, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(uid) DO UPDATE SET decision = excluded.decision, actor = excluded.actor, created_at = excluded.created_at`,
        [uid, clientId, decision, actor, expiresAt, now],
      );
      return { clientId, expiresAt, resources: toList(p.params.resource) };
    });
    this.audit.record({
      action: 'oauth.consent',
      actor,
      principalType: 'oauth_client',
      principalId: clientId,
      decision: decision === 'allow' ? 'allowed' : 'denied',
      detail: { uid, resources },
    });
    this.audit.flush();
    return { uid, clientId, decision, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The request's browser tab asked about it now: it is still open. Written at most every 5 s. */
  seen(uid: string, now = Date.now()): void {
    this.sql.run(
      `INSERT INTO oauth_interaction_seen (uid, seen_at) VALUES (?, ?)
       ON CONFLICT(uid) DO UPDATE SET seen_at = excluded.seen_at WHERE oauth_interaction_seen.seen_at < excluded.seen_at - 5000`,
      [uid, now],
    );
  }

  /** Whether an untaken answer waits for this request (the waiting page polls this). */
  has(uid: string): boolean {
    return this.sql.get('SELECT 1 FROM oauth_consent_decisions WHERE uid = ? AND expires_at > ?', [uid, Date.now()]) !== undefined;
  }

  /**
   * Removes and returns the answer for this request, once: two tabs polling at the same
   * moment cannot both finish it. An answer recorded for another client is dropped.
   */
  take(uid: string, clientId: string): TakenDecision | null {
    // run(), not get(): on SQLite get() resets the statement after its first row, and a
    // failure to commit the DELETE then (a full disk) would be lost, handing the answer out twice.
    const [row] = this.sql.run('DELETE FROM oauth_consent_decisions WHERE uid = ? RETURNING client_id, decision, actor, expires_at', [uid]).rows as (
      | { client_id: string; decision: OAuthConsentDecision; actor: string; expires_at: number }
      | undefined
    )[];
    if (!row || row.expires_at <= Date.now() || row.client_id !== clientId) return null;
    return { decision: row.decision, actor: row.actor };
  }
}

function toList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}
