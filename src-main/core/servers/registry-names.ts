// Client apps accept any JSON or TOML key as a server name: `my files (work)`,
// `Café ☕`, `awslabs.aws-documentation-mcp-server`. Gatehouse's own names appear in
// rules (`SERVER:TOOL`), in the guard's `--server` and in the gateway URL, so they keep
// to letters, digits, _ . - (src-shared/model/names). A client's name that does not fit gets a
// registry name derived from it; the client's config keeps its own name, and the
// mapping is kept (server_aliases) so that name still finds the server everywhere.
import { createHash } from 'node:crypto';
import { isServerName } from '../../../src-shared/model/names';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { pickOne, type Named } from '../names';

const MAX = 64;

export function isRegistryName(name: string): boolean {
  return isServerName(name);
}

/** `my files (work)` → `my-files-work`, `Café ☕` → `Cafe`; a name with no Latin letter or digit → `server-<hash>`. */
export function slugOf(name: string): string {
  const ascii = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  const slug = ascii
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX - 8)
    .replace(/[-.]+$/, '');
  return slug || `server-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
}

interface AliasRow {
  alias: string;
  name: string;
}

export class RegistryNames {
  private readonly sql: Sql;

  constructor(store: Store) {
    this.sql = toSql(store);
  }

  /** The registry name a client's own name maps to, or null when it maps to none yet. */
  registered(clientName: string): string | null {
    const aliased = this.sql.get<{ name: string }>('SELECT s.name FROM server_aliases a JOIN servers s ON s.id = a.server_id WHERE a.alias = ?', [clientName]);
    if (aliased) return aliased.name;
    return isRegistryName(clientName) && this.sql.get('SELECT 1 FROM servers WHERE name = ?', [clientName]) ? clientName : null;
  }

  /**
   * The registry name for a client's name: the mapped one, the name itself when it fits,
   * else a new derived one that no server has (nor `alsoTaken`: names a plan is about to add).
   */
  nameFor(clientName: string, alsoTaken: (name: string) => boolean = () => false): string {
    const known = this.registered(clientName);
    if (known) return known;
    if (isRegistryName(clientName)) return clientName;
    const base = slugOf(clientName);
    const taken = (n: string) => alsoTaken(n) || Boolean(this.sql.get('SELECT 1 FROM servers WHERE name = ?', [n]));
    if (!taken(base)) return base;
    for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
  }

  /** Records that a client calls the server `alias` (nothing to record when the alias is the name itself). */
  link(alias: string, serverName: string): void {
    if (alias === serverName) return;
    this.sql.run(
      `INSERT INTO server_aliases (alias, server_id, created_at) SELECT CAST(? AS TEXT), id, CAST(? AS BIGINT) FROM servers WHERE name = ?
       ON CONFLICT (alias) DO UPDATE SET server_id = excluded.server_id`,
      [alias, Date.now(), serverName],
    );
  }

  aliasesByServer(): Map<string, string[]> {
    const rows = this.sql.all<AliasRow>('SELECT a.alias, s.name FROM server_aliases a JOIN servers s ON s.id = a.server_id ORDER BY a.alias');
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), r.alias]);
    return out;
  }

  /** The registry name for what a person typed: a registry name, a client's name for it, or either with other case. */
  resolve(given: string): string {
    const names = this.sql.all<{ id: string; name: string; transport: string; command: string | null; url: string | null }>(
      'SELECT id, name, transport, command, url FROM servers ORDER BY name',
    );
    const aliases = this.aliasesByServer();
    const items: Named[] = names.map((s) => ({
      id: s.name,
      names: [s.name, ...(aliases.get(s.name) ?? [])],
      label: `${s.name}${aliases.get(s.name)?.length ? ` (in client configs: ${aliases.get(s.name)!.join(', ')})` : ''}`,
    }));
    return pickOne(items, given, { what: 'server', listCommand: 'gatehouse servers list' }).id;
  }
}
