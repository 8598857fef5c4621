// What a client holds between sign-ins, kept where a revoke can reach it: its machine
// grant (client_credentials, on only when the admin turns it on) and the JWT access
// tokens issued under each grant. A JWT is not stored, so each one carries its grant's
// id (`gh_grant`) and is live only while that grant is; the ledger here records each
// token's id and expiry so the OAuth screen can count live tokens and a revoke can say
// how many it ended.
import { randomBytes } from 'node:crypto';
import { stmt, writeTx, type Database } from '../db/connection';
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

// Read for a page of clients or grants (their ids as a JSON array), by their own index.
// `+id`: the page's clients pick the rows (client_id, model), not every machine grant.
export const MACHINE_CLIENTS_OF_SQL = `SELECT DISTINCT client_id FROM oauth_models WHERE client_id IN (SELECT value FROM json_each(?))
  AND model = 'Grant' AND +id >= 'machine:' AND +id < 'machine;'`;
export const LIVE_OF_GRANTS_SQL = `SELECT grant_id, count(*) AS n FROM oauth_issued_tokens
  WHERE grant_id IN (SELECT value FROM json_each(?)) AND expires_at > ? GROUP BY grant_id`;

export class StandingAccess {
  /** Issued tokens not yet in the ledger: written together, a turn of the event loop later. */
  private queue: Issued[] = [];
  private flushing: NodeJS.Immediate | null = null;

  constructor(
    private readonly db: Database,
    private readonly log: Logger = stderrLogger(),
  ) {}

  /** The client's machine grant, or null: whether client_credentials may issue it a token now. */
  machineGrantOf(clientId: string): string | null {
    const row = stmt(
      this.db,
      // ';' sorts right after ':', so this is a range scan of ids starting 'machine:'.
      "SELECT id FROM oauth_models WHERE model = 'Grant' AND client_id = ? AND id >= 'machine:' AND id < 'machine;' LIMIT 1",
    ).get(clientId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Which of these clients (a page of them) have machine access on. */
  machineClientsOf(clientIds: readonly string[]): Set<string> {
    if (clientIds.length === 0) return new Set();
    const rows = stmt(this.db, MACHINE_CLIENTS_OF_SQL).all(JSON.stringify(clientIds)) as { client_id: string }[];
    return new Set(rows.map((r) => r.client_id));
  }

  /** Turns machine access on: a new machine grant (a fresh id, so no revoked token comes back). */
  grantMachineAccess(clientId: string): string {
    const existing = this.machineGrantOf(clientId);
    if (existing) return existing;
    const id = `${MACHINE_GRANT_PREFIX}${randomBytes(16).toString('base64url')}`;
    const now = Date.now();
    stmt(
      this.db,
      `INSERT INTO oauth_models (model, id, payload, grant_id, client_id, created_at)
       VALUES ('Grant', @id, @payload, @id, @clientId, @now)`,
    ).run({ id, clientId, now, payload: JSON.stringify({ kind: 'Grant', machine: true, clientId, iat: Math.floor(now / 1000) }) });
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
    if (batch.length === 0 || !this.db.open) return;
    try {
      const insert = stmt(this.db, 'INSERT OR IGNORE INTO oauth_issued_tokens (jti, client_id, grant_id, expires_at) VALUES (?, ?, ?, ?)');
      writeTx(this.db, () => {
        for (const t of batch) insert.run(t.jti, t.clientId, t.grantId, t.expEpoch * 1000);
      });
    } catch (e) {
      this.log.warn(`oauth: ${batch.length} issued tokens were not counted: ${(e as Error).message}`, { event: 'oauth_ledger_failed', tokens: batch.length });
    }
  }

  forgetIssued(jti: string): void {
    this.flush();
    stmt(this.db, 'DELETE FROM oauth_issued_tokens WHERE jti = ?').run(jti);
  }

  /** Drops a grant's ledger rows; the number of them still unexpired (tokens the revoke ended). */
  endGrantTokens(grantId: string): number {
    this.flush();
    const live = stmt(this.db, 'SELECT count(*) AS n FROM oauth_issued_tokens WHERE grant_id = ? AND expires_at > ?').get(grantId, Date.now()) as { n: number };
    stmt(this.db, 'DELETE FROM oauth_issued_tokens WHERE grant_id = ?').run(grantId);
    return live.n;
  }

  /** Unexpired access tokens per grant, for these grants (a page of them) only. */
  liveOfGrants(grantIds: readonly string[]): Map<string, number> {
    this.flush();
    if (grantIds.length === 0) return new Map();
    const rows = stmt(this.db, LIVE_OF_GRANTS_SQL).all(JSON.stringify(grantIds), Date.now()) as { grant_id: string; n: number }[];
    return new Map(rows.map((r) => [r.grant_id, r.n]));
  }

  sweep(now = Date.now()): void {
    stmt(this.db, 'DELETE FROM oauth_issued_tokens WHERE expires_at < ?').run(now);
  }
}
