// What a client holds between sign-ins, kept where a revoke can reach it: its machine
// grant (client_credentials, on only when the admin turns it on) and the JWT access
// tokens issued under each grant. A JWT is not stored, so each one carries its grant's
// id (`gh_grant`) and is live only while that grant is; the ledger here records each
// token's id and expiry so the OAuth screen can count live tokens and a revoke can say
// how many it ended.
import { randomBytes } from 'node:crypto';
import { readForList, type BoundList } from '../db/id-list';
import type { Sql } from '../db/sql';
import { sqliteHandle, toSql, type Store } from '../db/store';
import { stderrLogger, type Logger } from '../log';

interface Issued {
  jti: string;
  clientId: string;
  grantId: string | null;
  expEpoch: number;
}

/** Machine grants are Grant rows whose id starts so: oidc-provider's ids (nanoid) never hold a colon. */
export const MACHINE_GRANT_PREFIX = 'machine:';

export const isMachineGrant = (grantId: string): boolean => grantId.startsWith(MACHINE_GRANT_PREFIX);

// Read for a page of clients or grants (their ids bound one by one: db/id-list.ts), by their own index.
// The page's clients pick the rows (client_id, model), not every machine grant.
const IS_MACHINE_GRANT = `substr(id, 1, ${MACHINE_GRANT_PREFIX.length}) = '${MACHINE_GRANT_PREFIX}'`;
export const machineClientsOfSql = (list: Pick<BoundList, 'marks'>) => `SELECT DISTINCT client_id FROM oauth_models
  WHERE client_id IN (${list.marks}) AND model = 'Grant' AND ${IS_MACHINE_GRANT}`;
export const liveOfGrantsSql = (list: Pick<BoundList, 'marks'>) => `SELECT grant_id, count(*) AS n FROM oauth_issued_tokens
  WHERE grant_id IN (${list.marks}) AND expires_at > @now GROUP BY grant_id`;

export class StandingAccess {
  /** Issued tokens not yet in the ledger: written together, a turn of the event loop later. */
  private queue: Issued[] = [];
  private flushing: NodeJS.Immediate | null = null;

  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly log: Logger = stderrLogger(),
  ) {
    this.sql = toSql(store);
  }

  /** The client's machine grant, or null: whether client_credentials may issue it a token now. */
  machineGrantOf(clientId: string): string | null {
    // A prefix by equality, not a range of id: a database's collation (PostgreSQL's en_US, say) may sort ':' anywhere.
    const row = this.sql.get<{ id: string }>(
      `SELECT id FROM oauth_models WHERE model = 'Grant' AND client_id = ? AND ${IS_MACHINE_GRANT} LIMIT 1`,
      [clientId],
    );
    return row?.id ?? null;
  }

  /** Which of these clients (a page of them) have machine access on. */
  machineClientsOf(clientIds: readonly string[]): Set<string> {
    const rows = readForList(clientIds, (list) => this.sql.all<{ client_id: string }>(machineClientsOfSql(list), list.params));
    return new Set(rows.map((r) => r.client_id));
  }

  /** Turns machine access on: a new machine grant (a fresh id, so no revoked token comes back). */
  grantMachineAccess(clientId: string): string {
    const existing = this.machineGrantOf(clientId);
    if (existing) return existing;
    const id = `${MACHINE_GRANT_PREFIX}${randomBytes(16).toString('base64url')}`;
    const now = Date.now();
    this.sql.run(
      `INSERT INTO oauth_models (model, id, payload, grant_id, client_id, created_at)
       VALUES ('Grant', @id, @payload, @id, @clientId, @now)`,
      { id, clientId, now, payload: JSON.stringify({ kind: 'Grant', machine: true, clientId, iat: Math.floor(now / 1000) }) },
    );
    return id;
  }

  /**
   * Records a JWT access token as it is issued. Queued and written in one transaction per
   * turn of the event loop: a commit per token cost the token endpoint a fifth of a
   * millisecond each. The ledger only counts; whether a token is live is its grant's row.
   */
  recordIssued(t: Issued): void {
    this.queue.push(t);
    this.flushing ??= setImmediate(() => this.flush());
  }

  /** Writes the queued ledger rows now. A failure (a full disk) loses counts, never a revocation. */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0 || sqliteHandle(this.sql)?.open === false) return;
    try {
      this.sql.tx(() => {
        for (const t of batch) {
          this.sql.run('INSERT OR IGNORE INTO oauth_issued_tokens (jti, client_id, grant_id, expires_at) VALUES (?, ?, ?, ?)', [
            t.jti,
            t.clientId,
            t.grantId,
            t.expEpoch * 1000,
          ]);
        }
      });
    } catch (e) {
      this.log.warn(`oauth: ${batch.length} issued tokens were not counted: ${(e as Error).message}`, { event: 'oauth_ledger_failed', tokens: batch.length });
    }
  }

  forgetIssued(jti: string): void {
    this.flush();
    this.sql.run('DELETE FROM oauth_issued_tokens WHERE jti = ?', [jti]);
  }

  /** Drops a grant's ledger rows; the number of them still unexpired (tokens the revoke ended). */
  endGrantTokens(grantId: string): number {
    this.flush();
    const live = this.sql.get<{ n: number }>('SELECT count(*) AS n FROM oauth_issued_tokens WHERE grant_id = ? AND expires_at > ?', [grantId, Date.now()])!;
    this.sql.run('DELETE FROM oauth_issued_tokens WHERE grant_id = ?', [grantId]);
    return live.n;
  }

  /** Unexpired access tokens per grant, for these grants (a page of them) only. */
  liveOfGrants(grantIds: readonly string[]): Map<string, number> {
    this.flush();
    const now = Date.now();
    const rows = readForList(grantIds, (list) => this.sql.all<{ grant_id: string; n: number }>(liveOfGrantsSql(list), { ...list.params, now }));
    return new Map(rows.map((r) => [r.grant_id, r.n]));
  }

  sweep(now = Date.now()): void {
    this.sql.run('DELETE FROM oauth_issued_tokens WHERE expires_at < ?', [now]);
  }
}
