// Grants (what the admin approved for a client: a sign-in, or machine access), remembered
// consent, and the authorization requests waiting on the consent page, with any answer
// the admin gave in the window or the CLI. Revoking a grant deletes it and every code and
// refresh token issued under it; its JWTs (which name it) die with it at the gateway and
// at introspection.
import type { OAuthConsentDecision, OAuthGrant, OAuthGrantPage, OAuthPendingConsent, OAuthRevoked } from '../../../src-shared/model/oauth';
import type { AuditLog } from '../audit/log';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { afterCondition, afterParams, orderClause, pageOf, START, type KeysetOrder } from '../db/keyset';
import { GatehouseError } from '../errors';
import { clientNames, grantCounts } from './client-pages';
import { serverOfScope } from './resources';
import { isMachineGrant, type StandingAccess } from './standing-access';

interface GrantPayload {
  clientId?: string;
  iat?: number;
  exp?: number;
  resources?: Record<string, string>;
}

const iso = (epoch?: number | null) => (typeof epoch === 'number' ? new Date(epoch * 1000).toISOString() : null);
const GRANTS_NEWEST: KeysetOrder = { column: 'g.created_at', tie: 'g.id', desc: true, start: START.newest };

interface GrantRow {
  id: string;
  payload: string;
  client_id: string;
  created_at: number;
  remembered: string | null;
  refresh: number;
}

function grantOf(r: GrantRow, names: Map<string, string>, access: Map<string, number>): OAuthGrant {
  const p = JSON.parse(r.payload) as GrantPayload;
  return {
    grantId: r.id,
    kind: isMachineGrant(r.id) ? 'machine' : 'sign-in',
    clientId: r.client_id,
    clientName: names.get(r.client_id) ?? null,
    resources: Object.entries(p.resources ?? {}).map(([resource, scope]) => ({
      resource,
      scope,
      server: scope.split(' ').map(serverOfScope).find((s) => s !== null) ?? null,
    })),
    createdAt: iso(p.iat),
    expiresAt: iso(p.exp),
    remembered: r.remembered !== null,
    refreshTokens: r.refresh,
    accessTokens: access.get(r.id) ?? 0,
  };
}

/** The client id an Interaction (a pending authorization request) is for. */
function clientIdOf(payload: string): string {
  const p = JSON.parse(payload) as { params?: { client_id?: unknown } };
  return typeof p.params?.client_id === 'string' ? p.params.client_id : '';
}

export class OAuthGrants {
  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly audit: AuditLog,
    readonly standing: StandingAccess,
  ) {
    this.sql = toSql(store);
  }

  /** Whether a grant still exists and has not expired (and is `clientId`'s, when given): what keeps its JWTs alive. */
  isLive(grantId: string, clientId?: string): boolean {
    const row = this.sql.get<{ expires_at: number | null; client_id: string | null }>(
      "SELECT expires_at, client_id FROM oauth_models WHERE model = 'Grant' AND id = ?",
      [grantId],
    );
    if (!row || (clientId !== undefined && row.client_id !== clientId)) return false;
    return row.expires_at === null || row.expires_at > Date.now();
  }

  /** Live grants newest first, a page at a time (of one client, or of all). */
  list(q: { clientId?: string; limit?: number; cursor?: string } = {}): OAuthGrantPage {
    const limit = q.limit ?? 100;
    const params = { now: Date.now(), clientId: q.clientId ?? null, limit: limit + 1, ...afterParams(GRANTS_NEWEST, q.cursor) };
    const all = this.sql.all<GrantRow>(
      `SELECT g.id, g.payload, g.client_id, g.created_at, c.grant_id AS remembered,
         (SELECT count(*) FROM oauth_models r WHERE r.model = 'RefreshToken' AND r.grant_id = g.id AND r.consumed_at IS NULL) AS refresh
       FROM oauth_models g LEFT JOIN oauth_consents c ON c.grant_id = g.id
       WHERE g.model = 'Grant' AND (g.expires_at IS NULL OR g.expires_at > @now) AND (CAST(@clientId AS TEXT) IS NULL OR g.client_id = @clientId)
         AND ${afterCondition(GRANTS_NEWEST)}
       ${orderClause(GRANTS_NEWEST)} LIMIT @limit`,
      params,
    );
    const { rows, nextCursor } = pageOf(all, limit, (r) => [r.created_at, r.id]);
    const names = clientNames(this.sql, [...new Set(rows.map((r) => r.client_id))]);
    const access = this.standing.liveOfGrants(rows.map((r) => r.id));
    return { grants: rows.map((r) => grantOf(r, names, access)), nextCursor };
  }

  /** Live grants of one client. */
  countOf(clientId: string): number {
    return grantCounts(this.sql, [clientId]).get(clientId) ?? 0;
  }

  /** Deletes one grant with its codes and refresh tokens; returns how many live tokens that ended. Runs inside a transaction. */
  private end(grantId: string): number {
    const refresh = this.sql.get<{ n: number }>(
      "SELECT count(*) AS n FROM oauth_models WHERE model = 'RefreshToken' AND grant_id = ? AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
      [grantId, Date.now()],
    )!;
    this.sql.run('DELETE FROM oauth_models WHERE grant_id = ?', [grantId]);
    this.sql.run('DELETE FROM oauth_consents WHERE grant_id = ?', [grantId]);
    return refresh.n + this.standing.endGrantTokens(grantId);
  }

  revoke(grantId: string, actor = 'admin'): OAuthRevoked {
    // Queued ledger rows are written first: a transaction that re-runs (PostgreSQL) must not be the one that drains the queue.
    this.standing.flush();
    const tokens = this.sql.tx(() => {
      const exists = this.sql.get("SELECT 1 AS found FROM oauth_models WHERE model = 'Grant' AND id = ?", [grantId]);
      return exists ? this.end(grantId) : null;
    });
    if (tokens === null) throw new GatehouseError('NOT_FOUND', `no grant ${grantId}; list them with: gatehouse oauth grants list`);
    this.audit.record({ action: 'oauth.grant.revoke', actor, detail: { grantId, tokens } });
    return { revoked: 1, tokens };
  }

  /** Every grant of the client, machine access included, and every token under them. */
  revokeAll(clientId: string, actor = 'admin'): OAuthRevoked {
    this.standing.flush();
    const out = this.sql.tx(() => {
      const ids = this.sql.all<{ id: string }>("SELECT id FROM oauth_models WHERE model = 'Grant' AND client_id = ?", [clientId]).map((r) => r.id);
      let tokens = 0;
      for (const id of ids) tokens += this.end(id);
      // Codes still in flight, and anything left without a grant, go too.
      this.sql.run("DELETE FROM oauth_models WHERE client_id = ? AND model IN ('AccessToken', 'RefreshToken', 'AuthorizationCode', 'ClientCredentials')", [clientId]);
      this.sql.run('DELETE FROM oauth_issued_tokens WHERE client_id = ?', [clientId]);
      this.sql.run('DELETE FROM oauth_consents WHERE client_id = ?', [clientId]);
      return { revoked: ids.length, tokens };
    });
    this.audit.record({ action: 'oauth.grant.revoke_all', actor, principalType: 'oauth_client', principalId: clientId, detail: { grants: out.revoked, tokens: out.tokens } });
    return out;
  }

  /** The remembered grant for a client, if it still exists. */
  rememberedGrant(clientId: string): string | null {
    const row = this.sql.get<{ grant_id: string }>('SELECT grant_id FROM oauth_consents WHERE client_id = ?', [clientId]);
    return row && this.isLive(row.grant_id) ? row.grant_id : null;
  }

  remember(clientId: string, grantId: string): void {
    this.sql.run(
      'INSERT INTO oauth_consents (client_id, grant_id, updated_at) VALUES (?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET grant_id = excluded.grant_id, updated_at = excluded.updated_at',
      [clientId, grantId, Date.now()],
    );
  }

  /**
   * Sign-ins waiting for consent whose browser tab still asks about them. The waiting
   * page asks every 2 s (a background tab at least once a minute); a request its tab
   * has not asked about for `abandonedAfterMs` was closed, and leaves the list.
   */
  pending(now = Date.now(), abandonedAfterMs = abandonedAfter()): OAuthPendingConsent[] {
    const rows = this.sql.all<{
      id: string;
      payload: string;
      expires_at: number | null;
      decision: OAuthConsentDecision | null;
      seen_at: number;
    }>(
      `SELECT m.id, m.payload, m.expires_at, d.decision, coalesce(s.seen_at, m.created_at) AS seen_at FROM oauth_models m
         LEFT JOIN oauth_consent_decisions d ON d.uid = m.id AND d.expires_at > @now
         LEFT JOIN oauth_interaction_seen s ON s.uid = m.id
         WHERE m.model = 'Interaction' AND (m.expires_at IS NULL OR m.expires_at > @now)
           AND coalesce(s.seen_at, m.created_at) > @quiet
         ORDER BY m.created_at DESC, m.id DESC LIMIT 100`,
      { now, quiet: now - abandonedAfterMs },
    );
    const out: OAuthPendingConsent[] = [];
    const names = clientNames(this.sql, rows.map((r) => clientIdOf(r.payload)));
    for (const r of rows) {
      const p = JSON.parse(r.payload) as { iat?: number; result?: unknown; params?: Record<string, unknown> };
      if (p.result || !p.params) continue;
      const clientId = typeof p.params.client_id === 'string' ? p.params.client_id : '';
      const resource = p.params.resource;
      out.push({
        uid: r.id,
        clientId,
        clientName: names.get(clientId) ?? null,
        redirectUri: typeof p.params.redirect_uri === 'string' ? p.params.redirect_uri : null,
        resources: Array.isArray(resource) ? resource.map(String) : typeof resource === 'string' ? [resource] : [],
        scopes: typeof p.params.scope === 'string' ? p.params.scope.split(' ').filter(Boolean) : [],
        createdAt: iso(p.iat),
        expiresAt: r.expires_at === null ? null : new Date(r.expires_at).toISOString(),
        decision: r.decision,
        lastSeenAt: new Date(r.seen_at).toISOString(),
      });
    }
    return out;
  }

  /** JWT access tokens without a grant that were revoked early. */
  isJtiRevoked(jti: string): boolean {
    return this.sql.get('SELECT 1 AS found FROM oauth_revoked_jti WHERE jti = ?', [jti]) !== undefined;
  }

  revokeJti(jti: string, expEpoch: number): void {
    this.sql.run('INSERT OR IGNORE INTO oauth_revoked_jti (jti, expires_at) VALUES (?, ?)', [jti, expEpoch * 1000]);
    this.standing.forgetIssued(jti);
  }

  /** Deletes expired rows; called now and then by the engine. */
  sweep(): void {
    const now = Date.now();
    this.sql.run('DELETE FROM oauth_models WHERE expires_at IS NOT NULL AND expires_at < ?', [now]);
    this.sql.run('DELETE FROM oauth_revoked_jti WHERE expires_at < ?', [now]);
    this.sql.run("DELETE FROM oauth_interaction_seen WHERE uid NOT IN (SELECT id FROM oauth_models WHERE model = 'Interaction')");
    this.standing.sweep(now);
  }
}

/** How long a waiting sign-in stays listed after its tab last asked: 90 s, or GATEHOUSE_CONSENT_ABANDON_SECONDS. */
export function abandonedAfter(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.GATEHOUSE_CONSENT_ABANDON_SECONDS);
  return Number.isInteger(seconds) && seconds > 0 && seconds <= 600 ? seconds * 1000 : 90_000;
}
