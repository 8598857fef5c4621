import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 003. Applied migrations are never edited.
export const p003: Migration = {
  id: 3,
  name: 'clients',
  sql: `
-- Copies of MCP client configs taken before each write (the bytes live in the data dir
-- of the machine that wrote them); this is their index with a SHA-256 to verify on restore.
CREATE TABLE client_backups (
  id TEXT PRIMARY KEY,
  client TEXT NOT NULL,
  config_path TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX client_backups_path ON client_backups(config_path, created_at);

-- One row per client entry Gatehouse protects (see sqlite 003).
CREATE TABLE client_entries (
  client TEXT NOT NULL,
  config_path TEXT NOT NULL,
  server TEXT NOT NULL,
  key_id TEXT NOT NULL,
  original_sealed BYTEA,
  written_hash TEXT,
  protected_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (client, config_path, server)
);
CREATE INDEX client_entries_key ON client_entries(key_id);
`,
};
