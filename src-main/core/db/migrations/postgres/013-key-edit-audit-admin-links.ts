import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 013. Applied migrations are never edited.
export const p013: Migration = {
  id: 13,
  name: 'key-edit-audit-admin-links',
  sql: `
-- What a key is for, in the admin's words; when each secret was last presented (see sqlite 013).
ALTER TABLE api_keys ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE api_key_secrets ADD COLUMN last_used_at BIGINT;

-- One-time sign-in links for the admin web UI (only the SHA-256 of the token is stored).
CREATE TABLE admin_login_tokens (
  hash BYTEA PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

-- When the browser tab of a sign-in waiting for consent last asked about it.
CREATE TABLE oauth_interaction_seen (
  uid TEXT PRIMARY KEY,
  seen_at BIGINT NOT NULL
);
`,
};
