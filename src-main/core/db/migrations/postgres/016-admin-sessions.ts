import type { Migration } from '../../migrate';

// PostgreSQL's translation of sqlite 016, plus team mode's change feed. Applied
// migrations are never edited.
export const p016: Migration = {
  id: 16,
  name: 'admin-sessions',
  sql: `
-- The admin web UI's sign-in sessions (see sqlite 016): every replica knows them.
CREATE TABLE admin_sessions (
  hash BYTEA PRIMARY KEY,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);

-- The change feed: a commit that changes what a replica caches (keys, rules, clients,
-- grants, revocations, servers, settings, signing keys) notifies 'gatehouse_changes'
-- (NOTIFY is sent at commit, once per transaction and payload), and every replica's
-- listener drops its caches (db/change-feed.ts). The busy tables (audit, rate buckets,
-- sessions, the tokens oidc-provider stores for each sign-in) notify nobody, and a row
-- whose only change is a last_used_at stamp does not either.
CREATE FUNCTION gatehouse_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'last_used_at') = (to_jsonb(NEW) - 'last_used_at') THEN
    RETURN NULL;
  END IF;
  -- One branch per operation and table: PL/pgSQL resolves each field an expression names.
  IF TG_TABLE_NAME = 'oauth_models' THEN
    IF TG_OP = 'INSERT' THEN
      IF NEW.model <> 'Client' THEN RETURN NULL; END IF;
    ELSIF OLD.model NOT IN ('Client', 'Grant') THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('gatehouse_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON api_key_secrets FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_client_meta FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_models FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_consents FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_consent_decisions FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_revoked_jti FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_settings FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON oauth_signing_keys FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON resource_servers FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON servers FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON server_aliases FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON server_capabilities FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON server_exposure FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON server_tools FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON upstream_oauth FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
CREATE TRIGGER gatehouse_changes AFTER INSERT OR UPDATE OR DELETE ON meta FOR EACH ROW EXECUTE FUNCTION gatehouse_notify_change();
`,
};
