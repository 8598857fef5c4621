import type { Migration } from '../migrate';

// Secrets sealed at rest, and revocation that revokes (issue 11). Applied migrations are
// never edited: add a new file instead.
export const m010: Migration = {
  id: 10,
  name: 'sealed-secrets-and-standing-access',
  scrub: true,
  sql: `
-- 1. OAuth rows whose id is a bearer secret were stored under that secret. From now on
-- they are stored under a keyed hash of it (HMAC-SHA-256 with a key derived from the
-- vault's data key), which SQL cannot compute, so the old rows are not converted: they
-- are deleted. What that means for users (README, "Upgrading to schema 10"): every MCP
-- app signs in again once (remembered consent is kept, so no new Allow is needed),
-- sign-ins waiting on the consent page start over, and apps registered by DCR can no
-- longer read their registration with the old registration access token. Grants,
-- clients, consents and signing keys stay as they are.
DELETE FROM oauth_models WHERE model IN (
  'AuthorizationCode', 'RefreshToken', 'AccessToken', 'ClientCredentials', 'RegistrationAccessToken',
  'InitialAccessToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PushedAuthorizationRequest',
  'Session', 'Interaction'
);
DELETE FROM oauth_consent_decisions;

-- 2. Standing machine access (client_credentials) is a grant of its own, model 'Grant'
-- with an id starting 'machine:', which the admin turns on per client and any revoke
-- ends. Clients created in Gatehouse with client_credentials keep it (the admin chose it
-- when creating them); clients registered by DCR do not: the admin turns it on for them.
INSERT INTO oauth_models (model, id, payload, grant_id, client_id, created_at)
SELECT 'Grant', 'machine:m010:' || m.client_id,
       json_object('kind', 'Grant', 'machine', json('true'), 'clientId', m.client_id, 'iat', CAST(strftime('%s', 'now') AS INTEGER)),
       'machine:m010:' || m.client_id, m.client_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM oauth_client_meta m JOIN oauth_models c ON c.model = 'Client' AND c.id = m.client_id
WHERE m.method = 'manual' AND m.disabled = 0 AND c.secret_sealed IS NOT NULL
  AND EXISTS (SELECT 1 FROM json_each(c.payload, '$.grant_types') WHERE value = 'client_credentials');

-- 3. The JWT access tokens issued (they are not stored: only their id, client, grant and
-- expiry), so the OAuth screen can count a client's live tokens and a revoke can say how
-- many it ended. Access tokens issued before this migration carry no grant of Gatehouse's
-- and are refused from now on; their apps ask for new ones.
CREATE TABLE oauth_issued_tokens (
  jti TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  grant_id TEXT,
  expires_at INTEGER NOT NULL
);
CREATE INDEX oauth_issued_tokens_grant ON oauth_issued_tokens(grant_id);
CREATE INDEX oauth_issued_tokens_client ON oauth_issued_tokens(client_id, expires_at);

-- 4. Config backups are sealed with the vault from now on (sealed = 1). Older backups
-- (sealed = 0) are sealed in place the next time Gatehouse opens this data dir.
ALTER TABLE client_backups ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
`,
};
