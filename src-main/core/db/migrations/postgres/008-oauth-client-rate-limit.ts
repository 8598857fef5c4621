import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 008. Applied migrations are never edited.
export const p008: Migration = {
  id: 8,
  name: 'oauth-client-rate-limit',
  sql: `
ALTER TABLE oauth_client_meta ADD COLUMN rate_limit TEXT;
`,
};
