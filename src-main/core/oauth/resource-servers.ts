// Self-hosted resource servers: MCP servers that Gatehouse does not front but that name
// Gatehouse as their authorization server (the MCP SDKs' `AuthSettings(issuer_url=…,
// resource_server_url=…)`). Registered by URL, each is a resource an MCP client may ask a
// token for (aud = that URL, scope mcp:<name>), and gets credentials of its own to ask
// Gatehouse about the tokens it is shown (RFC 7662 introspection, section 2.1): an OAuth
// client with no grant type at all, so the credentials can introspect and nothing else.
import type { OAuthResourceServer, OAuthResourceServerCreated } from '../../../src-shared/model/oauth';
import type { AuditLog } from '../audit/log';
import type { Vault } from '../crypto/vault';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { GatehouseError } from '../errors';
import { forgetClientRow, storeAdapterClass, type OidcAdapter } from './adapter';
import { newClientId, newClientSecret } from './client-metadata';
import { audienceMatches, isResourceName, loopbackSpellings } from './resources';

interface Row {
  name: string;
  url: string;
  client_id: string;
  created_at: number;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;

export class ResourceServers {
  private readonly adapter: OidcAdapter;
  private readonly sql: Sql;

  constructor(
    store: Store,
    vault: Vault,
    private readonly audit: AuditLog,
    /** Whether a server of the registry has this name (its scope would be the same). */
    private readonly isServer: (name: string) => boolean,
  ) {
    this.sql = toSql(store);
    this.adapter = new (storeAdapterClass(this.sql, vault))('Client');
  }

  list(): OAuthResourceServer[] {
    return this.sql.all<Row>('SELECT * FROM resource_servers ORDER BY name COLLATE NOCASE, name').map(view);
  }

  /** The name of the resource server at exactly `url`, or null. */
  nameOf(url: string): string | null {
    const row = this.sql.get<{ name: string }>('SELECT name FROM resource_servers WHERE url = ?', [url]);
    return row?.name ?? null;
  }

  /** The resource server whose introspection credentials these are, or null. */
  byClient(clientId: string): OAuthResourceServer | null {
    const row = this.sql.get<Row>('SELECT * FROM resource_servers WHERE client_id = ?', [clientId]);
    return row ? view(row) : null;
  }

  async add(input: { url: string; name: string }): Promise<OAuthResourceServerCreated> {
    const url = checkUrl(input.url);
    this.checkName(input.name);
    const clash = this.list().find((r) => r.name === input.name || loopbackSpellings(url).includes(r.url));
    if (clash) throw new GatehouseError('CONFLICT', `a resource server is already registered as ${clash.name} (${clash.url}); remove it first: gatehouse oauth resources remove ${clash.name}`);
    const clientId = newClientId();
    const secret = newClientSecret();
    await this.adapter.upsert(clientId, {
      client_id: clientId,
      client_secret: secret,
      client_name: `${input.name} (resource server)`,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      grant_types: [],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    this.sql.run('INSERT INTO resource_servers (name, url, client_id, created_at) VALUES (?, ?, ?, ?)', [input.name, url, clientId, Date.now()]);
    this.audit.record({ action: 'oauth.resource_server.add', detail: { name: input.name, url } });
    return { resourceServer: this.get(input.name), clientSecret: secret };
  }

  get(name: string): OAuthResourceServer {
    const row = this.sql.get<Row>('SELECT * FROM resource_servers WHERE name = ?', [name]);
    if (!row) throw new GatehouseError('NOT_FOUND', `no resource server ${name}; list them with: gatehouse oauth resources list`);
    return view(row);
  }

  remove(name: string): void {
    const { clientId } = this.get(name);
    this.sql.tx(() => {
      this.sql.run("DELETE FROM oauth_models WHERE model = 'Client' AND id = ?", [clientId]);
      this.sql.run('DELETE FROM resource_servers WHERE name = ?', [name]);
    });
    forgetClientRow(this.sql, clientId);
    this.audit.record({ action: 'oauth.resource_server.remove', detail: { name } });
  }

  async rotateSecret(name: string): Promise<OAuthResourceServerCreated> {
    const { clientId } = this.get(name);
    const full = await this.adapter.find(clientId);
    if (!full) throw new GatehouseError('NOT_FOUND', `the credentials of ${name} are gone; remove it and register it again`);
    const secret = newClientSecret();
    await this.adapter.upsert(clientId, { ...full, client_secret: secret });
    this.audit.record({ action: 'oauth.resource_server.rotate_secret', detail: { name } });
    return { resourceServer: this.get(name), clientSecret: secret };
  }

  /**
   * What a resource server may learn from introspection: a token meant for it. Any other
   * (another resource's token, an API key, a refresh token) is inactive to it.
   */
  introspectionFor(clientId: string, answer: { active: boolean } & Record<string, unknown>): { active: boolean } & Record<string, unknown> {
    const rs = this.byClient(clientId);
    if (!rs || !answer.active) return answer;
    return audienceMatches(answer.aud, rs.url) ? answer : { active: false };
  }

  private checkName(name: string): void {
    if (!isResourceName(name)) throw new GatehouseError('INVALID_INPUT', `"${name}" is not a usable name: letters, digits, _ . - (up to 64), starting with a letter or digit`);
    if (this.isServer(name)) {
      throw new GatehouseError('CONFLICT', `${name} is a server Gatehouse fronts (scope mcp:${name}); give the resource server another --name`);
    }
  }
}

function view(r: Row): OAuthResourceServer {
  return { name: r.name, url: r.url, clientId: r.client_id, scope: `mcp:${r.name}`, createdAt: new Date(r.created_at).toISOString() };
}

/** An MCP server URL as a resource indicator: absolute, https (or http on loopback), no fragment. */
function checkUrl(raw: string): string {
  const u = URL.parse(raw.trim());
  const fix = 'give its MCP endpoint as an absolute URL, e.g. https://notes.example/mcp or http://127.0.0.1:8001/mcp';
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) throw new GatehouseError('INVALID_INPUT', `"${raw}" is not an http(s) URL; ${fix}`);
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname)) throw new GatehouseError('INVALID_INPUT', `${raw}: plain http is only for loopback addresses; ${fix}`);
  if (u.hash || raw.includes('#')) throw new GatehouseError('INVALID_INPUT', `${raw}: a resource URL has no fragment (RFC 8707)`);
  if (u.username || u.password) throw new GatehouseError('INVALID_INPUT', `${raw}: a resource URL carries no user or password`);
  return u.href;
}
