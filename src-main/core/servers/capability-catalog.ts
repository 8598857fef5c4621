// The resources, resource templates and prompts a server offered at its last discovery,
// beside its tools: what the Permissions screen lays rules over. Only names and words for
// people are kept; the contents stay with the server.
import type { CapabilityInfo } from '../../../src-shared/model/servers';
import { toSql, type Store } from '../db/store';

export function readCapabilities(store: Store, serverId: string): { resources: CapabilityInfo[]; prompts: CapabilityInfo[] } {
  const rows = toSql(store).all<CapabilityInfo>('SELECT kind, name, title, description FROM server_capabilities WHERE server_id = ? ORDER BY kind, name', [serverId]);
  return { resources: rows.filter((r) => r.kind !== 'prompt'), prompts: rows.filter((r) => r.kind === 'prompt') };
}

/** Replaces the server's catalog of resources and prompts (inside the caller's transaction). */
export function writeCapabilities(store: Store, serverId: string, items: readonly CapabilityInfo[]): void {
  const sql = toSql(store);
  sql.run('DELETE FROM server_capabilities WHERE server_id = ?', [serverId]);
  const insert = 'INSERT OR IGNORE INTO server_capabilities (server_id, kind, name, title, description) VALUES (?, ?, ?, ?, ?)';
  for (const c of items) sql.run(insert, [serverId, c.kind, c.name, c.title, c.description]);
}
