// Grants (what the admin approved for a client: a sign-in, or machine access), remembered
// consent, and the authorization requests waiting on the consent page, with any answer
// the admin gave in the window or the CLI. Revoking a grant deletes it and every code and
// refresh token issued under it; its JWTs (which name it) die with it at the gateway and
// at introspection.
import type { OAuthConsentDecision, OAuthGrant, OAuthGrantPage, OAuthPendingConsent, OAuthRevoked } from '../../../src-shared/model/oauth';
import type { AuditLog } from '../audit/log';
import { stmt, writeTx, type Database } from '../db/connection';
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
  private readonly liveStmt;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    readonly standing: StandingAccess,
  ) {
    this.liveStmt = db.prepare("SELECT expires_at, client_id FROM oauth_models WHERE model = 'Grant' AND id = ?");
  }

  /** Whether a grant still exists and has not expired (and is `clientId`'s, when given): what keeps its JWTs alive. */
  isLive(grantId: string, clientId?: string): boolean {
    const row = this.liveStmt.get(grantId) as { expires_at: number | null; client_id: string | null } | undefined;
    if (!row || (clientId !== undefined && row.client_id !== clientId)) return false;
    return row.expires_at === null || row.expires_at > Date.now();
  }

  /** Live grants newest first, a page at a time (of one client, or of all). */
  list(q: { clientId?: string; limit?: number; cursor?: string } = {}): OAuthGrantPage {
    const limit = q.limit ?? 100;
    const params = { now: Date.now(), clientId: q.clientId ?? null, limit: limit + 1, ...afterParams(GRANTS_NEWEST, q.cursor) };
    const all = stmt(
      this.db,
      `SELECT g.id, g.payload, g.client_id, g.created_at, c.grant_id AS remembered,
         (SELECT count(*) FROM oauth_models r WHERE r.model = 'RefreshToken' AND r.grant_id = g.id AND r.consumed_at IS NULL) AS refresh
       FROM oauth_models g LEFT JOIN oauth_consents c ON c.grant_id = g.id
       WHERE g.model = 'Grant' AND (g.expires_at IS NULL OR g.expires_at > @now) AND (@clientId IS NULL OR g.client_id = @clientId)
         AND ${afterCondition(GRANTS_NEWEST)}
       ${orderClause(GRANTS_NEWEST)} LIMIT @limit`,
    ).all(params) as GrantRow[];
    const { rows, nextCursor } = pageOf(all, limit, (r) => [r.created_at, r.id]);
    const names = clientNames(this.db, [...new Set(rows.map((r) => r.client_id))]);
    const access = this.standing.liveOfGrants(rows.map((r) => r.id));
    return { grants: rows.map((r) => grantOf(r, names, access)), nextCursor };
  }

  /** Live grants of one client. */
  countOf(clientId: string): number {
    return grantCounts(this.db, [clientId]).get(clientId) ?? 0;
  }

  /** Deletes one grant with its codes and refresh tokens; returns how many live tokens that ended. Runs inside a transaction. */
  private end(grantId: string): number {
    const refresh = stmt(
      this.db,
      "SELECT count(*) AS n FROM oauth_models WHERE model = 'RefreshToken' AND grant_id = ? AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
    ).get(grantId, Date.now()) as { n: number };
    stmt(this.db, 'DELETE FROM oauth_models WHERE grant_id = ?').run(grantId);
    stmt(this.db, 'DELETE FROM oauth_consents WHERE grant_id = ?').run(grantId);
    return refresh.n + this.standing.endGrantTokens(grantId);
  }

  revoke(grantId: string, actor = 'admin'): OAuthRevoked {
    const tokens = writeTx(this.db, () => {
      const exists = stmt(this.db, "SELECT 1 FROM oauth_models WHERE model = 'Grant' AND id = ?").get(grantId);
      return exists ? this.end(grantId) : null;
    });
    if (tokens === null) throw new GatehouseError('NOT_FOUND', `no grant ${grantId}; list them with: gatehouse oauth grants list`);
    this.audit.record({ action: 'oauth.grant.revoke', actor, detail: { grantId, tokens } });
    return { revoked: 1, tokens };
  }

  /** Every grant of the client, machine access included, and every token under them. */
  revokeAll(clientId: string, actor = 'admin'): OAuthRevoked {
    const out = writeTx(this.db, () => {
      const ids = (stmt(this.db, "SELECT id FROM oauth_models WHERE model = 'Grant' AND client_id = ?").all(clientId) as { id: string }[]).map((r) => r.id);
      let tokens = 0;
      for (const id of ids) tokens += this.end(id);
      // Codes still in flight, and anything left without a grant, go too.
      stmt(this.db, "DELETE FROM oauth_models WHERE client_id = ? AND model IN ('AccessToken', 'RefreshToken', 'AuthorizationCode', 'ClientCredentials')").run(clientId);
      stmt(this.db, 'DELETE FROM oauth_issued_tokens WHERE client_id = ?').run(clientId);
      stmt(this.db, 'DELETE FROM oauth_consents WHERE client_id = ?').run(clientId);
      return { revoked: ids.length, tokens };
    });
    this.audit.record({ action: 'oauth.grant.revoke_all', actor, principalType: 'oauth_client', principalId: clientId, detail: { grants: out.revoked, tokens: out.tokens } });
    return out;
  }

  /** The remembered grant for a client, if it still exists. */
  rememberedGrant(clientId: string): string | null {
    const row = stmt(this.db, 'SELECT grant_id FROM oauth_consents WHERE client_id = ?').get(clientId) as { grant_id: string } | undefined;
    return row && this.isLive(row.grant_id) ? row.grant_id : null;
  }

  remember(clientId: string, grantId: string): void {
    this.db
      .prepare('INSERT INTO oauth_consents (client_id, grant_id, updated_at) VALUES (?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET grant_id = excluded.grant_id, updated_at = excluded.updated_at')
      .run(clientId, grantId, Date.now());
  }

  /**
   * Sign-ins waiting for consent whose browser tab still asks about them. The waiting
   * page asks every 2 s (a background tab at least once a minute); a request its tab
   * has not asked about for `abandonedAfterMs` was closed, and leaves the list.
   */
  pending(now = Date.now(), abandonedAfterMs = abandonedAfter()): OAuthPendingConsent[] {
    const rows = this.db
      .prepare(
        `SELECT m.id, m.payload, m.expires_at, d.decision, coalesce(s.seen_at, m.created_at) AS seen_at FROM oauth_models m
         LEFT JOIN oauth_consent_decisions d ON d.uid = m.id AND d.expires_at > @now
         LEFT JOIN oauth_interaction_seen s ON s.uid = m.id
         WHERE m.model = 'Interaction' AND (m.expires_at IS NULL OR m.expires_at > @now)
           AND coalesce(s.seen_at, m.created_at) > @quiet
         ORDER BY m.created_at DESC LIMIT 100`,
      )
      .all({ now, quiet: now - abandonedAfterMs }) as {
      id: string;
      payload: string;
      expires_at: number | null;
      decision: OAuthConsentDecision | null;
      seen_at: number;
    }[];
    const out: OAuthPendingConsent[] = [];
    const names = clientNames(this.db, rows.map((r) => clientIdOf(r.payload)));
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
    return stmt(this.db, 'SELECT 1 FROM oauth_revoked_jti WHERE jti = ?').get(jti) !== undefined;
  }

  revokeJti(jti: string, expEpoch: number): void {
    stmt(this.db, 'INSERT OR IGNORE INTO oauth_revoked_jti (jti, expires_at) VALUES (?, ?)').run(jti, expEpoch * 1000);
    this.standing.forgetIssued(jti);
  }

  /** Deletes expired rows; called now and then by the engine. */
  sweep(): void {
    const now = Date.now();
    stmt(this.db, 'DELETE FROM oauth_models WHERE expires_at IS NOT NULL AND expires_at < ?').run(now);
    stmt(this.db, 'DELETE FROM oauth_revoked_jti WHERE expires_at < ?').run(now);
    stmt(this.db, "DELETE FROM oauth_interaction_seen WHERE uid NOT IN (SELECT id FROM oauth_models WHERE model = 'Interaction')").run();
    this.standing.sweep(now);
  }
}

/** How long a waiting sign-in stays listed after its tab last asked: 90 s, or GATEHOUSE_CONSENT_ABANDON_SECONDS. */
export function abandonedAfter(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.GATEHOUSE_CONSENT_ABANDON_SECONDS);
  return Number.isInteger(seconds) && seconds > 0 && seconds <= 600 ? seconds * 1000 : 90_000;
}
