import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m001: Migration = {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER,
  rules TEXT NOT NULL DEFAULT '[]',
  rate_limit TEXT
);

-- One row per secret a key has had: the current one, and older ones during a rotation grace.
CREATE TABLE api_key_secrets (
  lookup_id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  hash BLOB NOT NULL,
  sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  superseded_at INTEGER,
  grace_until INTEGER
);
CREATE INDEX api_key_secrets_key ON api_key_secrets(key_id);

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT,
  principal_type TEXT,
  principal_id TEXT,
  server TEXT,
  tool TEXT,
  decision TEXT,
  reason TEXT,
  latency_ms REAL,
  detail TEXT
);
CREATE INDEX audit_events_ts ON audit_events(ts);
CREATE INDEX audit_events_principal ON audit_events(principal_id, ts);
`,
};
