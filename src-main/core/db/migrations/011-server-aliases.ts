import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m011: Migration = {
  id: 11,
  name: 'server-aliases',
  sql: `
-- A client app's own name for a server (any JSON or TOML key: spaces, parentheses,
-- dots, emoji) mapped to the registry name Gatehouse derived from it (letters, digits,
-- _ . -), which rules, the guard's --server and the gateway URL use. The client's
-- config keeps its own name; this row lets that name find the server everywhere.
CREATE TABLE server_aliases (
  alias TEXT PRIMARY KEY,
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE INDEX server_aliases_server ON server_aliases(server_id);
`,
};
