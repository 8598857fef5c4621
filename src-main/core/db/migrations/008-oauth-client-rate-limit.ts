import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m008: Migration = {
  id: 8,
  name: 'oauth-client-rate-limit',
  sql: `
-- An OAuth client's own rate limit ({"limit": N, "window": "second|minute|hour"}), as API
-- keys have one; NULL: the default limit applies.
ALTER TABLE oauth_client_meta ADD COLUMN rate_limit TEXT;
`,
};
