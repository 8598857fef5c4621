import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m005: Migration = {
  id: 5,
  name: 'exposure',
  sql: `
-- Which servers the HTTP gateway serves at /mcp/<name>, and on what terms.
CREATE TABLE server_exposure (
  server_id TEXT PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  exposed INTEGER NOT NULL DEFAULT 1,
  -- tool globs an OAuth client gets for this server when the admin clicks Allow
  allow_tools TEXT NOT NULL DEFAULT '["*"]',
  deny_tools TEXT NOT NULL DEFAULT '[]',
  -- Gatehouse API keys are accepted as bearer tokens here
  accept_api_keys INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
`,
};
