import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m006: Migration = {
  id: 6,
  name: 'upstream-oauth',
  sql: `
-- How Gatehouse authenticates to a remote (http) server: static headers from the vault,
-- or as an OAuth client of the upstream's authorization server.
ALTER TABLE servers ADD COLUMN auth_mode TEXT NOT NULL DEFAULT 'headers' CHECK (auth_mode IN ('headers', 'oauth'));

-- Gatehouse's OAuth client state at one upstream. Every secret is sealed in the vault with
-- an AAD naming the column and the server id: client (DCR answer), tokens, PKCE verifier.
CREATE TABLE upstream_oauth (
  server_id TEXT PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  redirect_uri TEXT,
  client_sealed BLOB,
  tokens_sealed BLOB,
  token_expires_at INTEGER,
  has_refresh_token INTEGER NOT NULL DEFAULT 0,
  connected_at INTEGER,
  verifier_sealed BLOB,
  -- sha256 (hex) of the state of the sign-in in progress: what the callback looks up
  state_hash TEXT UNIQUE,
  pending_url TEXT,
  pending_at INTEGER,
  last_error TEXT,
  updated_at INTEGER NOT NULL
);
`,
};
