import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 005. Applied migrations are never edited.
export const p005: Migration = {
  id: 5,
  name: 'exposure',
  sql: `
CREATE TABLE server_exposure (
  server_id TEXT PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  exposed BIGINT NOT NULL DEFAULT 1,
  allow_tools TEXT NOT NULL DEFAULT '["*"]',
  deny_tools TEXT NOT NULL DEFAULT '[]',
  accept_api_keys BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
`,
};
