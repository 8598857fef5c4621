import type { Migration } from '../migrate';

// The embedded OAuth authorization server. Applied migrations are never edited.
export const m004: Migration = {
  id: 4,
  name: 'oauth',
  sql: `
-- Every oidc-provider model (Client, Grant, AuthorizationCode, RefreshToken, Interaction, …)
-- as JSON. grant_id, client_id and uid are copied out of the payload for the look-ups the
-- engine and the admin API make; consumed_at is set by one atomic UPDATE.
CREATE TABLE oauth_models (
  model TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  -- Client rows only: the client secret, sealed in the vault (AAD names the client)
  secret_sealed BLOB,
  grant_id TEXT,
  client_id TEXT,
  uid TEXT,
  user_code TEXT,
  expires_at INTEGER,
  consumed_at INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (model, id)
);
CREATE INDEX oauth_models_grant ON oauth_models(grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_models_client ON oauth_models(client_id, model) WHERE client_id IS NOT NULL;
CREATE INDEX oauth_models_uid ON oauth_models(uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_models_expires ON oauth_models(expires_at) WHERE expires_at IS NOT NULL;

-- What Gatehouse knows about a client beyond its OAuth metadata: how it came, its
-- permission rules (a token never allows more), whether the admin disabled it.
CREATE TABLE oauth_client_meta (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('manual', 'dcr', 'cimd')),
  rules TEXT NOT NULL DEFAULT '[]',
  disabled INTEGER NOT NULL DEFAULT 0,
  -- CIMD clients only: the last fetched metadata document (they have no Client row)
  metadata TEXT,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);

-- Remembered consent: the grant the admin approved for a client, reused until revoked.
CREATE TABLE oauth_consents (
  client_id TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- ES256 signing keys, private JWK sealed in the vault. The newest unretired key signs;
-- retired keys stay published until tokens signed with them have expired.
CREATE TABLE oauth_signing_keys (
  kid TEXT PRIMARY KEY,
  sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER
);

-- JWT access tokens without a grant (client_credentials) revoked before their expiry.
CREATE TABLE oauth_revoked_jti (
  jti TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

CREATE TABLE oauth_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
};
