import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m014: Migration = {
  id: 14,
  name: 'resource-servers',
  sql: `
-- Self-hosted MCP servers that Gatehouse does not front but issues tokens for: the URL is
-- the resource (the tokens' aud), the name gives the scope mcp:<name>, and client_id is
-- the introspection-only OAuth client (no grant types) the server authenticates as when
-- it asks Gatehouse about a token (RFC 7662 section 2.1); its secret is sealed with the
-- other client secrets in oauth_models.
CREATE TABLE resource_servers (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
`,
};
