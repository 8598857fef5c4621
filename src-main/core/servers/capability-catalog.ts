// The resources, resource templates and prompts a server offered at its last discovery,
// beside its tools: what the Permissions screen lays rules over. Only names and words for
// people are kept; the contents stay with the server.
import type { CapabilityInfo } from '../../../src-shared/model/servers';
import { stmt, type Database } from '../db/connection';

export function readCapabilities(db: Database, serverId: string): { resources: CapabilityInfo[]; prompts: CapabilityInfo[] } {
  const rows = stmt(db, 'SELECT kind, name, title, description FROM server_capabilities WHERE server_id = ? ORDER BY kind, name').all(serverId) as CapabilityInfo[];
  return { resources: rows.filter((r) => r.kind !== 'prompt'), prompts: rows.filter((r) => r.kind === 'prompt') };
}

/** Replaces the server's catalog of resources and prompts (inside the caller's transaction). */
export function writeCapabilities(db: Database, serverId: string, items: readonly CapabilityInfo[]): void {
  stmt(db, 'DELETE FROM server_capabilities WHERE server_id = ?').run(serverId);
  const insert = stmt(db, 'INSERT OR IGNORE INTO server_capabilities (server_id, kind, name, title, description) VALUES (?, ?, ?, ?, ?)');
  for (const c of items) insert.run(serverId, c.kind, c.name, c.title, c.description);
}
