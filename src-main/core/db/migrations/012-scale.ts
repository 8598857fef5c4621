import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m012: Migration = {
  id: 12,
  name: 'scale',
  sql: `
-- Audit pages are newest first by (ts, id). Every index on audit_events is (column, ts)
-- and SQLite appends the rowid (id) to each entry, so a page filtered on one column, and
-- a time window, is a range read of one index in the page's order: no scan, no sort.
-- principal_id, server and decision have theirs already (migrations 1 and 2); tool had none.
CREATE INDEX audit_events_tool ON audit_events(tool, ts);

-- API keys in pages: newest first, by name (prefix search, case-insensitive), by expiry.
CREATE INDEX api_keys_created ON api_keys(created_at, id);
CREATE INDEX api_keys_name ON api_keys(name COLLATE NOCASE, id);
CREATE INDEX api_keys_expires ON api_keys(expires_at, id) WHERE expires_at IS NOT NULL;

-- OAuth clients in pages (newest first, by name) and grants newest first.
CREATE INDEX oauth_client_meta_created ON oauth_client_meta(created_at, client_id);
CREATE INDEX oauth_client_meta_name ON oauth_client_meta(name COLLATE NOCASE, client_id);
CREATE INDEX oauth_models_created ON oauth_models(model, created_at, id);

-- Tools by name across servers (pickers search them by prefix).
CREATE INDEX server_tools_name ON server_tools(name COLLATE NOCASE, server_id);

-- The Rate limits screen shows the buckets used most recently.
CREATE INDEX rate_buckets_updated ON rate_buckets(updated_at);

-- Which keys changed, whoever changed them (the app, the CLI, another guard): a process's
-- key-check cache drops only those keys, not everything, when another process commits.
-- Triggers, so that no writer can forget to log. last_used_at (touched on use) is left
-- out: it changes nothing a check reads (so are later columns such as a secret's own
-- last_used_at: each trigger names the columns it watches). Rows older than a day go with
-- audit retention.
CREATE TABLE api_key_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key_id TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE TRIGGER api_keys_changed AFTER UPDATE OF name, rules, rate_limit, expires_at, revoked_at ON api_keys
BEGIN
  INSERT INTO api_key_changes (key_id, changed_at) VALUES (new.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER api_keys_removed AFTER DELETE ON api_keys
BEGIN
  INSERT INTO api_key_changes (key_id, changed_at) VALUES (old.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER api_key_secrets_changed AFTER UPDATE OF hash, sealed, superseded_at, grace_until ON api_key_secrets
BEGIN
  INSERT INTO api_key_changes (key_id, changed_at) VALUES (new.key_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER api_key_secrets_removed AFTER DELETE ON api_key_secrets
BEGIN
  INSERT INTO api_key_changes (key_id, changed_at) VALUES (old.key_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
`,
};
