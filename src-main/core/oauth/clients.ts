// OAuth clients as the admin sees them: oidc-provider's Client rows (secret sealed by
// the adapter) joined with Gatehouse's own record (how it came, rules, disabled).
import { changesOf } from '../audit/changes';
import type { OAuthClientPage, OAuthClientSummary, OAuthCreatedClient, OAuthRule } from '../../../src-shared/model/oauth';
import type { RateLimit } from '../../../src-shared/model/rate-limit';
import type { AuditLog } from '../audit/log';
import type { Vault } from '../crypto/vault';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { GatehouseError } from '../errors';
import { changeClock } from '../db/changes';
import { Recent } from '../recent';
import { forgetClientRow, storeAdapterClass, type OidcAdapter } from './adapter';
import { readClientPage, type ClientListQuery, type StandingOf } from './client-pages';
import {
  checkRedirectUri,
  isLoopbackIpRedirect,
  manualClientMetadata,
  newClientId,
  newClientSecret,
  rateLimitColumn,
  rateLimitOf,
  summarize,
  NO_STANDING,
  type Metadata,
  type MetaRow,
  type StandingCounts,
} from './client-metadata';
import { serverOfScope } from './resources';
import { wholeServerPatterns } from '../../../src-shared/model/rule-pattern';

export interface NewClientInput {
  name: string;
  redirectUris: string[];
  grants: ('authorization_code' | 'client_credentials')[];
  scopes: string[];
  rules: OAuthRule[];
  public: boolean;
  rateLimit?: RateLimit | null;
}

/** What the gateway needs of a client on every call. */
export interface ClientAccess {
  rules: OAuthRule[];
  rateLimit: RateLimit | null;
  disabled: boolean;
}

export class OAuthClients {
  private readonly adapter: OidcAdapter;
  private readonly sql: Sql;
  private readonly rulesCache: Recent<string, ClientAccess | null>;

  constructor(
    store: Store,
    vault: Vault,
    private readonly audit: AuditLog,
  ) {
    this.sql = toSql(store);
    this.adapter = new (storeAdapterClass(this.sql, vault))('Client');
    this.rulesCache = new Recent(1000, 10_000, changeClock(this.sql));
  }

  meta(clientId: string): MetaRow | undefined {
    return this.sql.get<MetaRow>('SELECT * FROM oauth_client_meta WHERE client_id = ?', [clientId]);
  }

  /** Rules, rate limit and disabled flag, cached for a second: read on every token request and call. */
  access(clientId: string): ClientAccess | null {
    return this.rulesCache.get(clientId, (id) => {
      const m = this.meta(id);
      if (!m) return null;
      return { rules: JSON.parse(m.rules) as OAuthRule[], rateLimit: rateLimitOf(m), disabled: m.disabled === 1 };
    });
  }

  /** Records a client Gatehouse has not seen (DCR or CIMD); a known one only gets its snapshot refreshed. */
  remember(clientId: string, method: 'dcr' | 'cimd', md: Metadata): void {
    const name = typeof md.client_name === 'string' && md.client_name.trim() ? md.client_name.trim().slice(0, 100) : clientId;
    this.sql.run(
      `INSERT INTO oauth_client_meta (client_id, name, method, metadata, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(client_id) DO UPDATE SET metadata = excluded.metadata WHERE oauth_client_meta.method = 'cimd'`,
      [clientId, name, method, method === 'cimd' ? JSON.stringify(md) : null, Date.now()],
    );
    this.rulesCache.forget(clientId);
  }

  touch(clientId: string): void {
    const now = Date.now();
    this.sql.run('UPDATE oauth_client_meta SET last_used_at = ? WHERE client_id = ? AND coalesce(last_used_at, 0) < ?', [now, clientId, now - 60_000]);
  }

  /**
   * Adds each server's grant rules (what `servers expose --allow/--deny` set; the whole
   * server, tools, resources and prompts, by default) unless the client's rules already reach that server: consent never
   * widens rules the admin narrowed.
   */
  grantServers(
    clientId: string,
    servers: string[],
    reaches: (rules: OAuthRule[], s: string) => boolean,
    rulesFor: (server: string) => OAuthRule[] = (s) => wholeServerPatterns(s).map((pattern) => ({ effect: 'allow', pattern })),
  ): void {
    const m = this.meta(clientId);
    if (!m) return;
    const rules = JSON.parse(m.rules) as OAuthRule[];
    const added = servers.filter((s) => !reaches(rules, s)).flatMap(rulesFor);
    if (!added.length) return;
    this.sql.run('UPDATE oauth_client_meta SET rules = ? WHERE client_id = ?', [JSON.stringify([...rules, ...added]), clientId]);
    this.rulesCache.forget(clientId);
  }

  async create(input: NewClientInput): Promise<OAuthCreatedClient> {
    const clientId = newClientId();
    const secret = input.public ? null : newClientSecret();
    const md = manualClientMetadata({ clientId, secret, name: input.name, redirectUris: input.redirectUris, grants: input.grants });
    // A scope (mcp:SERVER) given at creation means that whole server: tools, resources, prompts.
    const servers = input.scopes.map(serverOfScope).filter((s): s is string => s !== null);
    const rules = [...servers.flatMap((s) => wholeServerPatterns(s).map((pattern) => ({ effect: 'allow' as const, pattern }))), ...input.rules];
    this.sql.run('INSERT INTO oauth_client_meta (client_id, name, method, rules, rate_limit, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      clientId,
      input.name,
      'manual',
      JSON.stringify(rules),
      rateLimitColumn(input.rateLimit),
      Date.now(),
    ]);
    await this.adapter.upsert(clientId, md);
    this.audit.record({ action: 'oauth.client.create', principalType: 'oauth_client', principalId: clientId, detail: { name: input.name } });
    return { client: this.get(clientId), clientSecret: secret };
  }

  /** A page of clients (newest first, or by name with a search), with what each holds when `standingOf` says. */
  list(q: ClientListQuery = {}, standingOf?: StandingOf): OAuthClientPage {
    return readClientPage(this.sql, q, standingOf);
  }

  get(clientId: string, standing: StandingCounts = NO_STANDING): OAuthClientSummary {
    const m = this.meta(clientId);
    if (!m) throw new GatehouseError('NOT_FOUND', `no OAuth client ${clientId}; list them with: gatehouse oauth clients list`);
    return summarize(m, this.metadata(clientId), standing);
  }

  /** The client's stored OAuth metadata (its registration), or null for a CIMD client. */

  async update(
    clientId: string,
    patch: { name?: string; redirectUris?: string[]; rules?: OAuthRule[]; rateLimit?: RateLimit | null; disabled?: boolean },
  ): Promise<void> {
    const m = this.meta(clientId);
    if (!m) throw new GatehouseError('NOT_FOUND', `no OAuth client ${clientId}`);
    const was = this.get(clientId);
    const changes = changesOf(
      { name: was.name, redirectUris: was.redirectUris, rules: was.rules, rateLimit: was.rateLimit, disabled: was.disabled },
      patch,
    );
    const md = this.metadata(clientId);
    if ((patch.redirectUris || patch.name) && md) {
      if (patch.redirectUris) {
        if (m.method !== 'manual') throw new GatehouseError('INVALID_INPUT', 'only clients created in Gatehouse have editable redirect URIs');
        patch.redirectUris.forEach(checkRedirectUri);
        md.redirect_uris = patch.redirectUris;
        md.application_type = patch.redirectUris.every(isLoopbackIpRedirect) ? 'native' : 'web';
      }
      if (patch.name) md.client_name = patch.name;
      // Read back with its secret so the rewrite keeps it sealed.
      const full = await this.adapter.find(clientId);
      await this.adapter.upsert(clientId, { ...md, ...(full?.client_secret ? { client_secret: full.client_secret } : {}) });
    }
    this.sql.tx(() => {
      const set = (column: string, value: unknown) => this.sql.run(`UPDATE oauth_client_meta SET ${column} = ? WHERE client_id = ?`, [value, clientId]);
      if (patch.name) set('name', patch.name);
      if (patch.rules) set('rules', JSON.stringify(patch.rules));
      if (patch.rateLimit !== undefined) set('rate_limit', rateLimitColumn(patch.rateLimit));
      if (patch.disabled !== undefined) set('disabled', patch.disabled ? 1 : 0);
    });
    this.rulesCache.forget(clientId);
    this.audit.record({ action: 'oauth.client.update', principalType: 'oauth_client', principalId: clientId, detail: { changes } });
  }

  async rotateSecret(clientId: string): Promise<string> {
    const full = await this.adapter.find(clientId);
    if (!full?.client_secret) throw new GatehouseError('INVALID_INPUT', `${clientId} is not a confidential client with a secret`);
    const secret = newClientSecret();
    await this.adapter.upsert(clientId, { ...full, client_secret: secret });
    this.audit.record({ action: 'oauth.client.rotate_secret', principalType: 'oauth_client', principalId: clientId });
    return secret;
  }

  delete(clientId: string): void {
    if (!this.meta(clientId)) throw new GatehouseError('NOT_FOUND', `no OAuth client ${clientId}`);
    this.sql.tx(() => {
      this.sql.run('DELETE FROM oauth_models WHERE client_id = ?', [clientId]);
      this.sql.run('DELETE FROM oauth_consents WHERE client_id = ?', [clientId]);
      this.sql.run('DELETE FROM oauth_client_meta WHERE client_id = ?', [clientId]);
    });
    this.rulesCache.forget(clientId);
    forgetClientRow(this.sql, clientId);
    this.audit.record({ action: 'oauth.client.delete', principalType: 'oauth_client', principalId: clientId });
  }

  metadata(clientId: string): Metadata | null {
    const row = this.sql.get<{ payload: string }>("SELECT payload FROM oauth_models WHERE model = 'Client' AND id = ?", [clientId]);
    return row ? (JSON.parse(row.payload) as Metadata) : null;
  }
}
