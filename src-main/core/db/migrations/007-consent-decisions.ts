import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m007: Migration = {
  id: 7,
  name: 'consent-decisions',
  sql: `
-- The admin's answer to a pending authorization request, given in the desktop window or
-- the CLI rather than on the consent page. The consent page of the browser that started
-- the sign-in (it holds the interaction cookie) takes the row once and finishes that
-- interaction. A row lives no longer than its interaction.
CREATE TABLE oauth_consent_decisions (
  uid TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
  actor TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX oauth_consent_decisions_expires ON oauth_consent_decisions(expires_at);
`,
};
