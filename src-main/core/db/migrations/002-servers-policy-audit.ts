import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m002: Migration = {
  id: 2,
  name: 'servers-policy-audit',
  sql: `
CREATE TABLE servers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  transport TEXT NOT NULL CHECK (transport IN ('stdio', 'http')),
  command TEXT,
  args TEXT NOT NULL DEFAULT '[]',
  cwd TEXT,
  url TEXT,
  -- names only, for display; the values are in *_sealed (AAD binds them to the row id)
  env_names TEXT NOT NULL DEFAULT '[]',
  env_sealed BLOB,
  header_names TEXT NOT NULL DEFAULT '[]',
  headers_sealed BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  discovered_at INTEGER,
  discovery_error TEXT,
  server_info TEXT
);

CREATE TABLE server_tools (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT,
  description TEXT,
  annotations TEXT NOT NULL DEFAULT '{}',
  input_schema TEXT,
  PRIMARY KEY (server_id, name)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Token buckets shared by every process (app, CLI, guards): one atomic UPSERT per take.
CREATE TABLE rate_buckets (
  bucket TEXT PRIMARY KEY,
  tokens REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  last_ok INTEGER NOT NULL
);

ALTER TABLE audit_events ADD COLUMN method TEXT;
ALTER TABLE audit_events ADD COLUMN outcome TEXT;
ALTER TABLE audit_events ADD COLUMN arguments TEXT;
CREATE INDEX audit_events_server ON audit_events(server, ts);
CREATE INDEX audit_events_decision ON audit_events(decision, ts);
`,
};
