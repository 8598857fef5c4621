import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m016: Migration = {
  id: 16,
  name: 'admin-sessions',
  sql: `
-- The admin web UI's sign-in sessions, kept in the store so that every replica of a team
-- deployment (and a restarted serve) knows them. Only the SHA-256 of the session id is
-- stored: the table hands out no live credential.
CREATE TABLE admin_sessions (
  hash BLOB PRIMARY KEY,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
`,
};
