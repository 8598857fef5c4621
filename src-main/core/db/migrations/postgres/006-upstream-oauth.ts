import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 006. Applied migrations are never edited.
export const p006: Migration = {
  id: 6,
  name: 'upstream-oauth',
  sql: `
ALTER TABLE servers ADD COLUMN auth_mode TEXT NOT NULL DEFAULT 'headers' CHECK (auth_mode IN ('headers', 'oauth'));

CREATE TABLE upstream_oauth (
  server_id TEXT PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  redirect_uri TEXT,
  client_sealed BYTEA,
  tokens_sealed BYTEA,
  token_expires_at BIGINT,
  has_refresh_token BIGINT NOT NULL DEFAULT 0,
  connected_at BIGINT,
  verifier_sealed BYTEA,
  state_hash TEXT UNIQUE,
  pending_url TEXT,
  pending_at BIGINT,
  last_error TEXT,
  updated_at BIGINT NOT NULL
);
`,
};
