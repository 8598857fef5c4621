// Re-apply and re-patch work config by config: the records grouped by client, config
// and key, one protect per group, an error in one config reported without stopping the
// others. After a rotation, the configs whose entries still hold an older secret.
import type { ClientChange, ClientKeyHolder, ClientRepatchResult } from '../../../src-shared/model/client-apps';
import { isGatehouseError } from '../errors';
import type { KeyStateOf } from './key-state';
import { apiKeyOf } from './key-state';
import type { EntryRecord } from './records';
import { loadConfig, type Target } from './target';

export type KeyHolder = ClientKeyHolder;

type Listed = Omit<EntryRecord, 'original'>;

interface Group {
  client: string;
  configPath: string;
  keyId: string;
  servers: string[];
}

function grouped(records: Listed[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of records) {
    const k = `${r.client}\u0000${r.configPath}\u0000${r.keyId}`;
    const g = groups.get(k) ?? { client: r.client, configPath: r.configPath, keyId: r.keyId, servers: [] };
    g.servers.push(r.server);
    groups.set(k, g);
  }
  return [...groups.values()];
}

export function forGroups(records: Listed[], protect: (g: Group) => ClientChange): ClientRepatchResult {
  const out: ClientRepatchResult = { changes: [], errors: [] };
  for (const g of grouped(records)) {
    try {
      out.changes.push(protect(g));
    } catch (e) {
      out.errors.push({
        client: g.client,
        path: g.configPath,
        servers: g.servers,
        code: isGatehouseError(e) ? e.code : 'INTERNAL',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

const RANK = { retired: 3, unknown: 2, grace: 1, current: 0 } as const;

/** Per config: the servers whose entry holds a secret of the key other than the current one. */
export function holdersOf(records: Listed[], target: (t: { client: string; configPath: string }) => Target, keyState: KeyStateOf): KeyHolder[] {
  const out: KeyHolder[] = [];
  for (const g of grouped(records)) {
    let entries: Record<string, unknown>;
    try {
      entries = loadConfig(target({ client: g.client, configPath: g.configPath }), { mustExist: true }).doc.entries();
    } catch {
      continue; // a config gone or broken holds no secret; `clients list` shows why
    }
    const holder: KeyHolder = { client: g.client, path: g.configPath, servers: [], state: 'grace', graceUntil: null };
    for (const s of g.servers) {
      const key = apiKeyOf(entries[s]);
      const state = key ? keyState(key) : null;
      if (!state || state.state === 'current') continue;
      holder.servers.push(s);
      if (RANK[state.state] >= RANK[holder.state]) [holder.state, holder.graceUntil] = [state.state, state.graceUntil];
    }
    if (holder.servers.length) out.push(holder);
  }
  return out;
}
