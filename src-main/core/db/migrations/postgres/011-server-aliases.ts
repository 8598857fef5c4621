import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 011. Applied migrations are never edited.
export const p011: Migration = {
  id: 11,
  name: 'server-aliases',
  sql: `
CREATE TABLE server_aliases (
  alias TEXT PRIMARY KEY,
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL
);
CREATE INDEX server_aliases_server ON server_aliases(server_id);
`,
};
