import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m003: Migration = {
  id: 3,
  name: 'clients',
  sql: `
-- Copies of MCP client configs taken before each write; the bytes live in
-- <dataDir>/backups/<client>/, this is their index with a SHA-256 to verify on restore.
CREATE TABLE client_backups (
  id TEXT PRIMARY KEY,
  client TEXT NOT NULL,
  config_path TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX client_backups_path ON client_backups(config_path, created_at);

-- One row per client entry Gatehouse protects. original_sealed is the entry as it was
-- (its source text and value, secrets included: sealed in the vault), NULL when Gatehouse
-- added the entry. written_hash is the SHA-256 of the entry as written (NULL while the
-- write is pending): a different entry in the file means the client changed it (drift).
CREATE TABLE client_entries (
  client TEXT NOT NULL,
  config_path TEXT NOT NULL,
  server TEXT NOT NULL,
  key_id TEXT NOT NULL,
  original_sealed BLOB,
  written_hash TEXT,
  protected_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (client, config_path, server)
);
CREATE INDEX client_entries_key ON client_entries(key_id);
`,
};
