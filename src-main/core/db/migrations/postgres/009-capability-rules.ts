import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 009: the catalog of resources, resource templates
// and prompts beside the tools. Applied migrations are never edited.
//
// sqlite 009 also rewrites the rules, exposure terms and per-tool rate limits that an
// older Gatehouse stored (tool-only globs into the SERVER:tool:/resource:/prompt:
// spellings). Here that is a no-op on purpose: no Gatehouse before this schema ever wrote
// a rule to PostgreSQL (team mode's repositories come later), so the tables it would
// rewrite are empty, and every rule written from now on is in the new spelling already.
export const p009: Migration = {
  id: 9,
  name: 'capability-rules',
  sql: `
CREATE TABLE server_capabilities (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('resource', 'resource_template', 'prompt')),
  -- what the rules match: a resource's URI, a template's URI template, a prompt's name
  name TEXT NOT NULL,
  title TEXT,
  description TEXT,
  PRIMARY KEY (server_id, kind, name)
);
`,
};
