import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 002. Applied migrations are never edited.
export const p002: Migration = {
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
  env_sealed BYTEA,
  header_names TEXT NOT NULL DEFAULT '[]',
  headers_sealed BYTEA,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  discovered_at BIGINT,
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
  updated_at BIGINT NOT NULL
);

-- Token buckets shared by every replica: one atomic upsert per take.
CREATE TABLE rate_buckets (
  bucket TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL,
  last_ok BIGINT NOT NULL
);

ALTER TABLE audit_events ADD COLUMN method TEXT;
ALTER TABLE audit_events ADD COLUMN outcome TEXT;
ALTER TABLE audit_events ADD COLUMN arguments TEXT;
CREATE INDEX audit_events_server ON audit_events(server, ts);
CREATE INDEX audit_events_decision ON audit_events(decision, ts);
`,
};
