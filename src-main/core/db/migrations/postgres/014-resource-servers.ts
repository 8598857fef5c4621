import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 014. Applied migrations are never edited.
export const p014: Migration = {
  id: 14,
  name: 'resource-servers',
  sql: `
-- Self-hosted MCP servers that Gatehouse does not front but issues tokens for (see
-- sqlite 014): the URL is the tokens' audience, the name gives the scope mcp:<name>, and
-- client_id is the introspection-only OAuth client the server authenticates as.
CREATE TABLE resource_servers (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
`,
};
