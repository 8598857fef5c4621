import type { CapabilityInfo, ServerDetail, ServerSummary, ToolInfo, ToolAnnotations } from '../../../src-shared/model/servers';
import { readCapabilities, writeCapabilities } from './capability-catalog';
import type { AuditLog } from '../audit/log';
import type { Vault } from '../crypto/vault';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { definitionChanges } from './definition-changes';
import { GatehouseError } from '../errors';
import { randomBase62 } from '../keys/format';
import { RegistryNames } from './registry-names';

/** A parsed server definition (the contract's ServerInput after defaults). */
export type ServerDefinition =
  | { transport: 'stdio'; name: string; command: string; args: string[]; cwd: string | null; env: Record<string, string> }
  | { transport: 'http'; name: string; url: string; headers: Record<string, string>; auth?: 'headers' | 'oauth' };

export interface StdioLaunch {
  name: string;
  command: string;
  args: string[];
  cwd: string | null;
  env: Record<string, string>;
}
export interface RemoteTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
}

interface Row {
  id: string;
  name: string;
  transport: 'stdio' | 'http';
  command: string | null;
  args: string;
  cwd: string | null;
  url: string | null;
  env_names: string;
  env_sealed: Buffer | null;
  header_names: string;
  headers_sealed: Buffer | null;
  auth_mode: 'headers' | 'oauth';
  created_at: number;
  updated_at: number;
  discovered_at: number | null;
  discovery_error: string | null;
  server_info: string | null;
  tool_count?: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const envAad = (id: string) => `servers.env_sealed:${id}`;
const headersAad = (id: string) => `servers.headers_sealed:${id}`;

export interface Catalog {
  serverInfo: { name: string; version: string } | null;
  tools: ToolInfo[];
  /** Resources, resource templates and prompts; left out: kept as they were. */
  capabilities?: CapabilityInfo[];
}

/** The MCP servers Gatehouse knows. Env values and header values are secrets: sealed in the vault. */
export class ServerRegistry {
  /** Client apps' own names for servers, and the registry names derived from them. */
  readonly names: RegistryNames;
  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly vault: Vault,
    private readonly audit: AuditLog,
  ) {
    this.sql = toSql(store);
    this.names = new RegistryNames(this.sql);
  }

  list(): ServerSummary[] {
    const rows = this.sql.all<Row>(
      `SELECT s.*, (SELECT count(*) FROM server_tools t WHERE t.server_id = s.id) AS tool_count
       FROM servers s ORDER BY s.name COLLATE NOCASE, s.id`,
    );
    const aliases = this.names.aliasesByServer();
    return rows.map((r) => this.summary(r, aliases.get(r.name)));
  }

  /** The registry name for what a person typed: the name, a client app's name for the server, or either in other case. */
  resolve(given: string): string {
    return this.names.resolve(given);
  }

  /** The whole definition, secrets decrypted: to compare with a client's entry as it is now. */
  definition(name: string): ServerDefinition {
    const row = this.row(name);
    const secrets = this.secretsOf(row);
    if (row.transport === 'http') return { transport: 'http', name, url: row.url!, headers: secrets.headers };
    return { transport: 'stdio', name, command: row.command!, args: JSON.parse(row.args) as string[], cwd: row.cwd, env: secrets.env };
  }

  has(name: string): boolean {
    return this.sql.get('SELECT 1 AS found FROM servers WHERE name = ?', [name]) !== undefined;
  }

  get(name: string): ServerDetail {
    const row = this.row(name);
    const tools = (
      this.sql.all<{ name: string; title: string | null; description: string | null; annotations: string }>(
        'SELECT * FROM server_tools WHERE server_id = ? ORDER BY name',
        [row.id],
      )
    ).map(
      (t): ToolInfo => ({
        name: t.name,
        title: t.title,
        description: t.description,
        annotations: JSON.parse(t.annotations) as ToolAnnotations,
      }),
    );
    return { ...this.summary({ ...row, tool_count: tools.length }, this.names.aliasesByServer().get(row.name)), tools, ...readCapabilities(this.sql, row.id) };
  }

  add(def: ServerDefinition): ServerSummary {
    const id = `srv_${randomBase62(12)}`;
    const now = Date.now();
    const columns = this.columns(id, def);
    this.sql.tx(() => {
      if (this.has(def.name)) throw new GatehouseError('CONFLICT', `a server named ${def.name} already exists`);
      this.sql.run(
        `INSERT INTO servers (id, name, transport, command, args, cwd, url, env_names, env_sealed, header_names, headers_sealed, auth_mode, created_at, updated_at)
         VALUES (@id, @name, @transport, @command, @args, @cwd, @url, @envNames, @envSealed, @headerNames, @headersSealed, @authMode, @now, @now)`,
        { id, now, ...columns, authMode: def.transport === 'http' ? (def.auth ?? 'headers') : 'headers' },
      );
    });
    this.audit.record({ action: 'server.add', server: def.name });
    return this.get(def.name);
  }

  /** Replaces a definition. With keepSecrets, env/header names given with an empty value keep their stored value. */
  update(name: string, def: ServerDefinition, keepSecrets = true): ServerSummary {
    const changes = this.sql.tx(() => {
      const row = this.row(name);
      const old = this.secretsOf(row);
      if (def.name !== name && this.has(def.name)) throw new GatehouseError('CONFLICT', `a server named ${def.name} already exists`);
      let merged = def;
      if (keepSecrets) {
        merged =
          def.transport === 'stdio'
            ? { ...def, env: fill(def.env, old.env) }
            : { ...def, headers: fill(def.headers, old.headers) };
      }
      this.sql.run(
        `UPDATE servers SET name = @name, transport = @transport, command = @command, args = @args, cwd = @cwd, url = @url,
           env_names = @envNames, env_sealed = @envSealed, header_names = @headerNames, headers_sealed = @headersSealed,
           auth_mode = @authMode, updated_at = @now WHERE id = @id`,
        {
          id: row.id,
          now: Date.now(),
          ...this.columns(row.id, merged),
          authMode: merged.transport === 'http' ? (merged.auth ?? row.auth_mode) : 'headers',
        },
      );
      // Tokens and the client registration belong to the old upstream: a new URL (or transport) needs a new sign-in.
      if (merged.transport !== 'http' || merged.url !== row.url) this.sql.run('DELETE FROM upstream_oauth WHERE server_id = ?', [row.id]);
      return definitionChanges(this.summary(row), old, merged);
    });
    this.audit.record({ action: 'server.update', server: def.name, detail: { changes } });
    return this.get(def.name);
  }

  remove(name: string): void {
    const row = this.row(name);
    this.sql.run('DELETE FROM servers WHERE id = ?', [row.id]);
    this.audit.record({ action: 'server.remove', server: name });
  }

  /** What the guard and discovery need to start a stdio server, secrets decrypted. */
  launch(name: string): StdioLaunch {
    const row = this.row(name);
    if (row.transport !== 'stdio') {
      throw new GatehouseError('INVALID_INPUT', `server ${name} is a remote (HTTP) server, not a local command`);
    }
    return { name, command: row.command!, args: JSON.parse(row.args) as string[], cwd: row.cwd, env: this.secretsOf(row).env };
  }

  remote(name: string): RemoteTarget {
    const row = this.row(name);
    if (row.transport !== 'http') throw new GatehouseError('INVALID_INPUT', `server ${name} is a local command, not a remote server`);
    return { name, url: row.url!, headers: this.secretsOf(row).headers };
  }

  /** How Gatehouse authenticates to a remote server, and the id its upstream sign-in is stored under. */
  upstreamAuthOf(name: string): { id: string; authMode: 'headers' | 'oauth' } {
    const row = this.row(name);
    if (row.transport !== 'http') throw new GatehouseError('INVALID_INPUT', `server ${name} is a local command, not a remote server`);
    return { id: row.id, authMode: row.auth_mode };
  }

  /** Switches a remote server between static headers and OAuth to its upstream. */
  setAuthMode(name: string, mode: 'headers' | 'oauth'): void {
    const row = this.row(name);
    if (row.transport !== 'http') throw new GatehouseError('INVALID_INPUT', `server ${name} is a local command: it has no upstream sign-in`);
    if (row.auth_mode === mode) return;
    this.sql.run('UPDATE servers SET auth_mode = ?, updated_at = ? WHERE id = ?', [mode, Date.now(), row.id]);
    this.audit.record({ action: 'server.update', server: name, reason: `upstream auth: ${mode}` });
  }

  transportOf(name: string): 'stdio' | 'http' {
    return this.row(name).transport;
  }

  saveCatalog(name: string, catalog: Catalog): void {
    this.sql.tx(() => {
      const row = this.row(name);
      this.sql.run('DELETE FROM server_tools WHERE server_id = ?', [row.id]);
      for (const t of catalog.tools) {
        this.sql.run('INSERT INTO server_tools (server_id, name, title, description, annotations, input_schema) VALUES (?, ?, ?, ?, ?, NULL)', [
          row.id,
          t.name,
          t.title,
          t.description,
          JSON.stringify(t.annotations ?? {}),
        ]);
      }
      if (catalog.capabilities) writeCapabilities(this.sql, row.id, catalog.capabilities);
      this.sql.run('UPDATE servers SET discovered_at = ?, discovery_error = NULL, server_info = ? WHERE id = ?', [
        Date.now(),
        catalog.serverInfo ? JSON.stringify(catalog.serverInfo) : null,
        row.id,
      ]);
    });
  }

  saveDiscoveryError(name: string, message: string): void {
    this.sql.run('UPDATE servers SET discovered_at = ?, discovery_error = ? WHERE name = ?', [Date.now(), message, name]);
  }

  private columns(id: string, def: ServerDefinition) {
    if (def.transport === 'stdio') {
      const names = Object.keys(def.env);
      return {
        name: def.name,
        transport: 'stdio',
        command: def.command,
        args: JSON.stringify(def.args),
        cwd: def.cwd,
        url: null,
        envNames: JSON.stringify(names),
        envSealed: names.length ? this.vault.seal(JSON.stringify(def.env), envAad(id)) : null,
        headerNames: '[]',
        headersSealed: null,
      };
    }
    const names = Object.keys(def.headers);
    return {
      name: def.name,
      transport: 'http',
      command: null,
      args: '[]',
      cwd: null,
      url: def.url,
      envNames: '[]',
      envSealed: null,
      headerNames: JSON.stringify(names),
      headersSealed: names.length ? this.vault.seal(JSON.stringify(def.headers), headersAad(id)) : null,
    };
  }

  private secretsOf(row: Row): { env: Record<string, string>; headers: Record<string, string> } {
    return {
      env: row.env_sealed ? (JSON.parse(this.vault.open(row.env_sealed, envAad(row.id)).toString('utf8')) as Record<string, string>) : {},
      headers: row.headers_sealed
        ? (JSON.parse(this.vault.open(row.headers_sealed, headersAad(row.id)).toString('utf8')) as Record<string, string>)
        : {},
    };
  }

  private row(name: string): Row {
    const row = this.sql.get<Row>('SELECT * FROM servers WHERE name = ?', [name]);
    if (!row) throw new GatehouseError('NOT_FOUND', `no server named ${name}; add it with: gatehouse servers add ${name} --command …`);
    return row;
  }

  private summary(r: Row, aliases: string[] = []): ServerSummary {
    return {
      id: r.id,
      name: r.name,
      aliases,
      transport: r.transport,
      command: r.command,
      args: JSON.parse(r.args) as string[],
      cwd: r.cwd,
      url: r.url,
      envNames: JSON.parse(r.env_names) as string[],
      headerNames: JSON.parse(r.header_names) as string[],
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
      discoveredAt: iso(r.discovered_at),
      discoveryError: r.discovery_error,
      serverInfo: r.server_info ? (JSON.parse(r.server_info) as { name: string; version: string }) : null,
      toolCount: r.tool_count ?? 0,
      authMode: r.transport === 'http' ? r.auth_mode : null,
    };
  }
}

function fill(given: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) out[k] = v === '' && k in stored ? stored[k]! : v;
  return out;
}
