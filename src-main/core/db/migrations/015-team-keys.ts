import type { Migration } from '../migrate';

// Applied migrations are never edited (their hash is recorded): add a new file instead.
export const m015: Migration = {
  id: 15,
  name: 'team-keys',
  sql: `
-- Nothing changes on SQLite. PostgreSQL's 015 fixes its key-change trigger (every update
-- of an API key failed there) and makes its name indexes case-insensitive, as SQLite's
-- have been since migration 12; both engines keep one schema version.
SELECT 1;
`,
};
