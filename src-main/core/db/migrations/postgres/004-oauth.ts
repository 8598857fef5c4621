import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 004: the embedded OAuth authorization server.
// Applied migrations are never edited.
export const p004: Migration = {
  id: 4,
  name: 'oauth',
  sql: `
-- Every oidc-provider model as JSON, with the look-up fields copied out (see sqlite 004).
CREATE TABLE oauth_models (
  model TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  secret_sealed BYTEA,
  grant_id TEXT,
  client_id TEXT,
  uid TEXT,
  user_code TEXT,
  expires_at BIGINT,
  consumed_at BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (model, id)
);
CREATE INDEX oauth_models_grant ON oauth_models(grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_models_client ON oauth_models(client_id, model) WHERE client_id IS NOT NULL;
CREATE INDEX oauth_models_uid ON oauth_models(uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_models_expires ON oauth_models(expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE oauth_client_meta (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('manual', 'dcr', 'cimd')),
  rules TEXT NOT NULL DEFAULT '[]',
  disabled BIGINT NOT NULL DEFAULT 0,
  metadata TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);

CREATE TABLE oauth_consents (
  client_id TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- ES256 signing keys, private JWK sealed in the vault; one set for every replica.
CREATE TABLE oauth_signing_keys (
  kid TEXT PRIMARY KEY,
  sealed BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  retired_at BIGINT
);

CREATE TABLE oauth_revoked_jti (
  jti TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);

CREATE TABLE oauth_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
`,
};
