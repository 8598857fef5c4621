// oidc-provider's storage adapter on the store (SQLite or PostgreSQL): one table for
// every model. Codes and refresh tokens are consumed by one conditional UPDATE, so two
// concurrent redemptions cannot both succeed (the loser's grant is revoked, as a replay).
// A model whose id is a bearer secret (a refresh token, a code, a registration access
// token, a session cookie…) is stored under a keyed hash of that id, never the id: the row
// is found by hashing what the client presents, as Cloudflare's workers-oauth-provider
// does, so a copy of the database without the master key mints nothing.
import type { Vault } from '../crypto/vault';
import { changeClock } from '../db/changes';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { Recent } from '../recent';

type Payload = Record<string, unknown>;

export interface AdapterHooks {
  /** A Client row was written that Gatehouse has no record of: a dynamic registration. */
  onNewClient?(clientId: string, metadata: Payload): void;
  /** A Client is being read; false hides it (disabled by the admin). */
  clientEnabled?(clientId: string): boolean;
  /** Thrown from consume when the row was already consumed (a concurrent replay). */
  replayError?(): Error;
}

export interface OidcAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(code: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export const secretAad = (clientId: string) => `oauth-client:${clientId}`;

/**
 * oidc-provider models whose id is the value a client or browser presents. Interactions
 * keep their id (the uid in /admin/consent/<uid>, which needs the signed cookie as well)
 * but their copy of the session cookie is sealed. Grants and clients are not secrets.
 */
export const SECRET_ID_MODELS: ReadonlySet<string> = new Set([
  'AuthorizationCode',
  'RefreshToken',
  'AccessToken',
  'ClientCredentials',
  'RegistrationAccessToken',
  'InitialAccessToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PushedAuthorizationRequest',
  'Session',
]);

/** The stored id of a model row: the keyed hash of a secret id, prefixed so it never equals a raw one. */
export function storedModelId(vault: Pick<Vault, 'mac'>, model: string, id: string): string {
  return SECRET_ID_MODELS.has(model) ? `h1.${vault.mac('oauth-model-id', `${model}\0${id}`)}` : id;
}

const interactionAad = (uid: string) => `oauth-interaction:${uid}`;

/**
 * Client rows, kept a second per connection: every token request reads its client, and
 * a client changes rarely. Writes through any adapter on the connection drop the entry at
 * once; a change made by another process (the CLI) as soon as the connection's change
 * clock moves (db/changes.ts), as the client's rules and disabled flag are.
 */
const clientRows = new WeakMap<Sql, Recent<string, Row | undefined>>();

export function forgetClientRow(store: Store, clientId: string): void {
  clientRows.get(toSql(store))?.forget(clientId);
}

interface Row {
  payload: string;
  secret_sealed: Buffer | null;
  expires_at: number | null;
  consumed_at: number | null;
}

const COLUMNS = 'payload, secret_sealed, expires_at, consumed_at';
const SQL = {
  upsert: `INSERT INTO oauth_models (model, id, payload, secret_sealed, grant_id, client_id, uid, user_code, expires_at, created_at)
       VALUES (@model, @id, @payload, @secret, @grantId, @clientId, @uid, @userCode, @expiresAt, @now)
       ON CONFLICT(model, id) DO UPDATE SET payload = excluded.payload, secret_sealed = excluded.secret_sealed,
         grant_id = excluded.grant_id, client_id = excluded.client_id, uid = excluded.uid,
         user_code = excluded.user_code, expires_at = excluded.expires_at`,
  find: `SELECT ${COLUMNS} FROM oauth_models WHERE model = ? AND id = ?`,
  byUid: `SELECT ${COLUMNS} FROM oauth_models WHERE model = ? AND uid = ? LIMIT 1`,
  byUserCode: `SELECT ${COLUMNS} FROM oauth_models WHERE model = ? AND user_code = ? LIMIT 1`,
  consume: 'UPDATE oauth_models SET consumed_at = ? WHERE model = ? AND id = ? AND consumed_at IS NULL',
  grantOf: 'SELECT grant_id FROM oauth_models WHERE model = ? AND id = ?',
  destroy: 'DELETE FROM oauth_models WHERE model = ? AND id = ?',
  revokeGrant: "DELETE FROM oauth_models WHERE grant_id = ? AND model <> 'Grant'",
  destroyGrant: "DELETE FROM oauth_models WHERE model = 'Grant' AND id = ?",
} as const;

export function storeAdapterClass(store: Store, vault: Vault, hooks: AdapterHooks = {}): new (model: string) => OidcAdapter {
  const sql = toSql(store);
  let rows = clientRows.get(sql);
  if (!rows) clientRows.set(sql, (rows = new Recent(1000, 10_000, changeClock(sql))));
  const clientRowCache = rows;
  const readClientRow = (id: string) => sql.get<Row>(SQL.find, ['Client', id]);

  // Client secrets opened once per sealed value: a client authenticates on every token
  // request, and the row (not this cache) stays the truth: a rotated secret is new bytes.
  const openedSecrets = new Map<string, { sealed: Buffer; secret: string }>();
  const openSecret = (id: string, sealed: Buffer): string => {
    const hit = openedSecrets.get(id);
    if (hit && hit.sealed.equals(sealed)) return hit.secret;
    const secret = vault.open(sealed, secretAad(id)).toString('utf8');
    if (openedSecrets.size > 10_000) openedSecrets.clear();
    openedSecrets.set(id, { sealed: Buffer.from(sealed), secret });
    return secret;
  };

  const key = (model: string, id: string) => storedModelId(vault, model, id);

  /** `presented` is the id the caller looked up with (null after a look-up by uid: not known). */
  const decode = (model: string, id: string, row: Row | undefined, presented: string | null = id): Payload | undefined => {
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= Date.now()) return undefined;
    const payload = JSON.parse(row.payload) as Payload;
    if (row.consumed_at !== null) payload.consumed = Math.floor(row.consumed_at / 1000);
    if (SECRET_ID_MODELS.has(model) && presented !== null) payload.jti = presented;
    if (model === 'Interaction') openInteractionCookie(payload, id);
    if (model === 'Client') {
      if (hooks.clientEnabled && !hooks.clientEnabled(id)) return undefined;
      if (row.secret_sealed) payload.client_secret = openSecret(id, row.secret_sealed);
    }
    return payload;
  };

  // An interaction keeps the browser's session id (oidc-provider checks it on resume): sealed.
  const sealInteractionCookie = (stored: Payload, uid: string) => {
    const session = stored.session as { cookie?: unknown } | undefined;
    if (!session || typeof session.cookie !== 'string') return;
    const { cookie, ...rest } = session;
    stored.session = { ...rest, cookie_sealed: vault.seal(cookie as string, interactionAad(uid)).toString('base64') };
  };
  const openInteractionCookie = (payload: Payload, uid: string) => {
    const session = payload.session as { cookie_sealed?: unknown } | undefined;
    if (!session || typeof session.cookie_sealed !== 'string') return;
    const { cookie_sealed: sealed, ...rest } = session;
    payload.session = { ...rest, cookie: vault.open(Buffer.from(sealed as string, 'base64'), interactionAad(uid)).toString('utf8') };
  };

  /** The payload as stored: no secret id (jti), no client secret, no cookie in the clear. */
  const storable = (model: string, id: string, payload: Payload): { stored: Payload; secret: Buffer | null } => {
    const stored = { ...payload };
    let secret: Buffer | null = null;
    if (model === 'Client' && typeof stored.client_secret === 'string') {
      secret = vault.seal(stored.client_secret, secretAad(id));
      delete stored.client_secret;
    }
    if (SECRET_ID_MODELS.has(model)) delete stored.jti;
    if (model === 'Interaction') sealInteractionCookie(stored, id);
    return { stored, secret };
  };

  return class StoreAdapter implements OidcAdapter {
    constructor(private readonly model: string) {}

    upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const { stored, secret } = storable(this.model, id, payload);
      const clientId = str(payload.clientId) ?? str(payload.client_id) ?? (this.model === 'Client' ? id : null);
      const userCode = str(payload.userCode);
      sql.run(SQL.upsert, {
        model: this.model,
        id: key(this.model, id),
        payload: JSON.stringify(stored),
        secret,
        grantId: this.model === 'Grant' ? id : str(payload.grantId),
        clientId,
        uid: str(payload.uid),
        userCode: userCode === null ? null : vault.mac('oauth-user-code', userCode),
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null,
        now: Date.now(),
      });
      if (this.model === 'Client') {
        clientRowCache.forget(id);
        hooks.onNewClient?.(id, payload);
      }
      return Promise.resolve();
    }

    find(id: string) {
      const row = this.model === 'Client' ? clientRowCache.get(id, readClientRow) : sql.get<Row>(SQL.find, [this.model, key(this.model, id)]);
      return Promise.resolve(decode(this.model, id, row));
    }

    findByUid(uid: string) {
      return Promise.resolve(decode(this.model, uid, sql.get<Row>(SQL.byUid, [this.model, uid]), null));
    }

    findByUserCode(code: string) {
      return Promise.resolve(decode(this.model, code, sql.get<Row>(SQL.byUserCode, [this.model, vault.mac('oauth-user-code', code)]), null));
    }

    consume(id: string): Promise<void> {
      const stored = key(this.model, id);
      const changed = sql.run(SQL.consume, [Date.now(), this.model, stored]).changes;
      if (changed === 0 && hooks.replayError) {
        // Someone redeemed it between our read and this write: treat as a replay.
        const grantId = sql.get<{ grant_id: string | null }>(SQL.grantOf, [this.model, stored])?.grant_id;
        if (grantId) revokeGrant(grantId);
        return Promise.reject(hooks.replayError());
      }
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      sql.run(SQL.destroy, [this.model, key(this.model, id)]);
      if (this.model === 'Client') clientRowCache.forget(id);
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      sql.run(SQL.revokeGrant, [grantId]);
      return Promise.resolve();
    }
  };

  function revokeGrant(grantId: string): void {
    sql.tx(() => {
      sql.run(SQL.revokeGrant, [grantId]);
      sql.run(SQL.destroyGrant, [grantId]);
    });
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
