import type { Rule } from '../../../src-shared/model/rules';
import { changesOf } from '../audit/changes';
import type { AuditLog } from '../audit/log';
import type { Sql } from '../db/sql';
import { toSql, type Store } from '../db/store';
import { GatehouseError } from '../errors';
import { changeClock } from '../db/changes';
import { Recent } from '../recent';

export interface Exposure {
  server: string;
  exposed: boolean;
  /**
   * What an OAuth client is granted on this server when the admin clicks Allow: terms that
   * follow `SERVER:` in a rule (`read_*`, `resource:file:///*`, `prompt:*`).
   */
  allowTools: string[];
  denyTools: string[];
  /** Whether Gatehouse API keys are accepted as bearer tokens at the gateway. */
  acceptApiKeys: boolean;
}

interface Row {
  name: string;
  exposed: number | null;
  allow_tools: string | null;
  deny_tools: string | null;
  accept_api_keys: number | null;
}

/** A server exposed with no terms of its own gives an approved client all of it. */
export const WHOLE_SERVER_TERMS = ['*', 'resource:*', 'prompt:*'] as const;

/** Which registered servers the HTTP gateway serves, and on what terms. */
const BY_NAME_SQL = `SELECT s.name, e.exposed, e.allow_tools, e.deny_tools, e.accept_api_keys
       FROM servers s LEFT JOIN server_exposure e ON e.server_id = s.id WHERE s.name = ?`;

export class ExposureStore {
  private readonly sql: Sql;

  constructor(
    store: Store,
    private readonly audit: AuditLog,
  ) {
    this.sql = toSql(store);
    this.recent = new Recent(1000, 1000, changeClock(store));
  }

  /** null when no server has that name. */
  get(name: string): Exposure | null {
    const row = this.sql.get<Row>(BY_NAME_SQL, [name]);
    return row ? toExposure(row) : null;
  }

  private readonly recent: Recent<string, Exposure | null>;

  /**
   * `get` for the gateway, which asks on every request: kept a second. A change made
   * through this store applies at once; one made by another process within the second.
   */
  current(name: string): Exposure | null {
    return this.recent.get(name, (n) => this.get(n));
  }

  list(): Exposure[] {
    return this.sql
      .all<Row>(
        `SELECT s.name, e.exposed, e.allow_tools, e.deny_tools, e.accept_api_keys
         FROM servers s LEFT JOIN server_exposure e ON e.server_id = s.id ORDER BY s.name COLLATE NOCASE`,
      )
      .map(toExposure);
  }

  set(name: string, terms: { exposed: boolean; allowTools?: string[]; denyTools?: string[]; acceptApiKeys?: boolean }): Exposure {
    const server = this.sql.get<{ id: string }>('SELECT id FROM servers WHERE name = ?', [name]);
    if (!server) throw new GatehouseError('NOT_FOUND', `no server named ${name}`);
    const current = this.get(name)!;
    this.sql.run(
      `INSERT INTO server_exposure (server_id, exposed, allow_tools, deny_tools, accept_api_keys, updated_at)
       VALUES (@id, @exposed, @allow, @deny, @keys, @now)
       ON CONFLICT(server_id) DO UPDATE SET exposed = excluded.exposed, allow_tools = excluded.allow_tools,
         deny_tools = excluded.deny_tools, accept_api_keys = excluded.accept_api_keys, updated_at = excluded.updated_at`,
      {
        id: server.id,
        exposed: terms.exposed ? 1 : 0,
        allow: JSON.stringify(terms.allowTools ?? current.allowTools),
        deny: JSON.stringify(terms.denyTools ?? current.denyTools),
        keys: (terms.acceptApiKeys ?? current.acceptApiKeys) ? 1 : 0,
        now: Date.now(),
      },
    );
    this.recent.forget(name);
    const after = this.get(name)!;
    const changes = changesOf(
      { exposed: current.exposed, allowTools: current.allowTools, denyTools: current.denyTools, acceptApiKeys: current.acceptApiKeys },
      { exposed: after.exposed, allowTools: after.allowTools, denyTools: after.denyTools, acceptApiKeys: after.acceptApiKeys },
    );
    this.audit.record({ action: terms.exposed ? 'server.expose' : 'server.unexpose', server: name, detail: { changes } });
    return this.get(name)!;
  }
}

/** The rules an OAuth client gets for a server when the admin approves it. */
export function grantRules(e: Exposure): Rule[] {
  return [
    ...e.allowTools.map((t): Rule => ({ effect: 'allow', pattern: `${e.server}:${t}` })),
    ...e.denyTools.map((t): Rule => ({ effect: 'deny', pattern: `${e.server}:${t}` })),
  ];
}

function toExposure(r: Row): Exposure {
  return {
    server: r.name,
    exposed: r.exposed === 1,
    allowTools: r.allow_tools ? (JSON.parse(r.allow_tools) as string[]) : [...WHOLE_SERVER_TERMS],
    denyTools: r.deny_tools ? (JSON.parse(r.deny_tools) as string[]) : [],
    acceptApiKeys: r.accept_api_keys === 1,
  };
}
