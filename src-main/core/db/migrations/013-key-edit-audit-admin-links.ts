import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m013: Migration = {
  id: 13,
  name: 'key-edit-audit-admin-links',
  sql: `
-- What a key is for, in the admin's words (editable, never a secret).
ALTER TABLE api_keys ADD COLUMN description TEXT NOT NULL DEFAULT '';

-- When each secret of a key was last presented: during a rotation grace the admin sees
-- whether the old secret is still in use before ending the grace.
ALTER TABLE api_key_secrets ADD COLUMN last_used_at INTEGER;

-- One-time sign-in links for the admin web UI minted outside the running serve
-- (\`gatehouse admin-link\`): only the SHA-256 of the token is stored.
CREATE TABLE admin_login_tokens (
  hash BLOB PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- When the browser tab of a sign-in waiting for consent last asked about it. A request
-- whose tab went quiet (closed) leaves the pending list before its 10 minutes are up.
CREATE TABLE oauth_interaction_seen (
  uid TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
);
`,
};
