import type { Migration } from '../../migrate';

// PostgreSQL's 015 (SQLite's is empty). Applied migrations are never edited.
export const p015: Migration = {
  id: 15,
  name: 'team-keys',
  sql: `
-- 012's trigger function named OLD.key_id and NEW.key_id in one expression for both
-- tables: PL/pgSQL resolves every field of an expression, so an update of api_keys (a
-- revocation, an edit) failed with 'record "old" has no field "key_id"'. One branch per
-- table: a branch not taken is never resolved.
CREATE OR REPLACE FUNCTION gatehouse_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed TEXT;
BEGIN
  IF TG_TABLE_NAME = 'api_keys' THEN
    IF TG_OP = 'DELETE' THEN changed := OLD.id; ELSE changed := NEW.id; END IF;
  ELSE
    IF TG_OP = 'DELETE' THEN changed := OLD.key_id; ELSE changed := NEW.key_id; END IF;
  END IF;
  INSERT INTO api_key_changes (key_id, changed_at) VALUES (changed, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
  RETURN NULL;
END;
$$;

-- Pages by name sort and search with COLLATE NOCASE (the portable subset's collation,
-- migration 001): an index in that collation is what makes such a page a range read.
DROP INDEX api_keys_name;
CREATE INDEX api_keys_name ON api_keys(name COLLATE nocase, id);
DROP INDEX oauth_client_meta_name;
CREATE INDEX oauth_client_meta_name ON oauth_client_meta(name COLLATE nocase, client_id);
DROP INDEX server_tools_name;
CREATE INDEX server_tools_name ON server_tools(name COLLATE nocase, server_id);
`,
};
