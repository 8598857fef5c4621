import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 010: the table of issued JWT access tokens and the
// sealed flag of config backups. Applied migrations are never edited.
//
// sqlite 010 also deletes the OAuth rows an older Gatehouse stored under a raw bearer
// secret, grants standing machine access to the manual client_credentials clients that
// had it, and scrubs the WAL afterwards. Here those steps are no-ops on purpose: no
// Gatehouse before this schema ever wrote an OAuth row or a client to PostgreSQL (team
// mode's repositories come later), so there is nothing to delete or to grant, and every
// row written from now on is stored under a keyed hash of its id from the start. For the
// same reason this migration is not marked `scrub` (a SQLite WAL matter besides).
export const p010: Migration = {
  id: 10,
  name: 'sealed-secrets-and-standing-access',
  sql: `
-- The JWT access tokens issued (not stored: their id, client, grant and expiry only), so
-- the OAuth screen can count a client's live tokens and a revoke can say how many it ended.
CREATE TABLE oauth_issued_tokens (
  jti TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  grant_id TEXT,
  expires_at BIGINT NOT NULL
);
CREATE INDEX oauth_issued_tokens_grant ON oauth_issued_tokens(grant_id);
CREATE INDEX oauth_issued_tokens_client ON oauth_issued_tokens(client_id, expires_at);

-- Config backups are sealed with the vault (sealed = 1); the default 0 is SQLite's, for
-- backups an older desktop wrote in the clear, kept so both engines have one schema.
ALTER TABLE client_backups ADD COLUMN sealed BIGINT NOT NULL DEFAULT 0;
`,
};
