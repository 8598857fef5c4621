import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 007. Applied migrations are never edited.
export const p007: Migration = {
  id: 7,
  name: 'consent-decisions',
  sql: `
CREATE TABLE oauth_consent_decisions (
  uid TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
  actor TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX oauth_consent_decisions_expires ON oauth_consent_decisions(expires_at);
`,
};
