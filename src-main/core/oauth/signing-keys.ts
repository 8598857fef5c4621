// ES256 signing keys for access tokens. Private keys are sealed in the vault; the
// newest unretired key signs, and retired keys stay published (and accepted by
// introspection) until every token they signed has expired.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Vault } from '../crypto/vault';
import { localChange } from '../db/changes';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';

export interface PrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface SigningKeyInfo {
  kid: string;
  createdAt: string;
  retiredAt: string | null;
  /** 'signing' signs new tokens; 'verify-only' is kept so older tokens still verify. */
  state: 'signing' | 'verify-only';
}

const aad = (kid: string) => `oauth-signing-key:${kid}`;

export class SigningKeys {
  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly vault: Vault,
  ) {
    this.sql = toSql(store);
  }

  /** Current key first, then keys retired less than `keepMs` ago. Creates the first key on demand. */
  privateJwks(keepMs: number): PrivateJwk[] {
    this.ensureCurrent();
    const rows = this.rows(keepMs);
    return rows.map((r) => JSON.parse(this.vault.open(r.sealed, aad(r.kid)).toString('utf8')) as PrivateJwk);
  }

  list(keepMs: number): SigningKeyInfo[] {
    return this.rows(keepMs).map((r) => ({
      kid: r.kid,
      createdAt: new Date(r.created_at).toISOString(),
      retiredAt: r.retired_at === null ? null : new Date(r.retired_at).toISOString(),
      state: r.retired_at === null ? 'signing' : 'verify-only',
    }));
  }

  /** A new signing key; the previous one becomes verify-only. */
  rotate(): SigningKeyInfo {
    const made = this.sql.tx(() => {
      this.sql.run('UPDATE oauth_signing_keys SET retired_at = ? WHERE retired_at IS NULL', [Date.now()]);
      return this.insertNew();
    });
    localChange(this.sql);
    return made;
  }

  /**
   * A signing key exists when this returns, made once for all connections: replicas that
   * start together each find no key, and the check is repeated inside the write
   * transaction (SQLite's writers queue; PostgreSQL's SERIALIZABLE refuses the second of
   * two that both saw none, and its re-run finds the first one's key).
   */
  ensureCurrent(): void {
    if (this.current()) return;
    const made = this.sql.tx(() => (this.current() ? null : this.insertNew()));
    if (made) localChange(this.sql);
  }

  /** Inside a transaction: a new key (no effect outside the store, as a re-run tx needs). */
  private insertNew(): SigningKeyInfo {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const kid = randomBytes(12).toString('base64url');
    const full: PrivateJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, d: jwk.d!, kid, alg: 'ES256', use: 'sig' };
    const now = Date.now();
    const sealed = this.vault.seal(JSON.stringify(full), aad(kid));
    this.sql.run('INSERT INTO oauth_signing_keys (kid, sealed, created_at) VALUES (?, ?, ?)', [kid, sealed, now]);
    return { kid, createdAt: new Date(now).toISOString(), retiredAt: null, state: 'signing' };
  }

  /** Changes whenever a key is added or retired: the engine rebuilds on a new value. */
  version(): string {
    const row = this.sql.get<{ n: number; c: number | null; r: number | null }>(
      'SELECT count(*) AS n, max(created_at) AS c, max(retired_at) AS r FROM oauth_signing_keys',
    )!;
    return `${row.n}:${row.c}:${row.r}`;
  }

  private current(): boolean {
    return this.sql.get('SELECT 1 FROM oauth_signing_keys WHERE retired_at IS NULL') !== undefined;
  }

  private rows(keepMs: number) {
    const since = Date.now() - keepMs;
    return this.sql.all<{ kid: string; sealed: Buffer; created_at: number; retired_at: number | null }>(
      `SELECT kid, sealed, created_at, retired_at FROM oauth_signing_keys
       WHERE retired_at IS NULL OR retired_at > ? ORDER BY (retired_at IS NULL) DESC, created_at DESC`,
      [since],
    );
  }
}
