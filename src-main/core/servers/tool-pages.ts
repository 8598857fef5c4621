// Tools a page at a time, of one server or of every server, by name (with a
// case-insensitive prefix search): what pickers and the command palette ask for.
import type { ToolAnnotations } from '../../../src-shared/model/servers';
import type { ToolPage } from '../../../src-shared/model/servers';
import { toSql, type Store } from '../db/store';
import { nameSearch, pageOf, pageTail, START, type KeysetOrder } from '../db/keyset';

const BY_NAME: KeysetOrder = { column: 't.name', nocase: true, tie: 't.server_id', desc: false, start: START.textAsc };

interface ToolRow {
  server: string;
  server_id: string;
  name: string;
  title: string | null;
  description: string | null;
  annotations: string;
}

export function toolPageSql(q: { server?: string; search?: string; cursor?: string; limit?: number }): { sql: string; params: Record<string, unknown> } {
  const filter = nameSearch(q, 't.name');
  if (q.server) {
    filter.where.push('s.name = @server');
    filter.params.server = q.server;
  }
  const tail = pageTail(filter, BY_NAME, q.cursor);
  const sql = `SELECT s.name AS server, t.server_id, t.name, t.title, t.description, t.annotations
    FROM server_tools t JOIN servers s ON s.id = t.server_id
    ${tail.sql}`;
  return { sql, params: tail.params };
}

export function readToolPage(store: Store, q: { server?: string; search?: string; cursor?: string; limit?: number }): ToolPage {
  const built = toolPageSql(q);
  const all = toSql(store).all<ToolRow>(built.sql, built.params);
  const { rows, nextCursor } = pageOf(all, q.limit ?? 100, (t) => [t.name, t.server_id]);
  return {
    tools: rows.map((t) => ({
      server: t.server,
      name: t.name,
      title: t.title,
      description: t.description,
      annotations: JSON.parse(t.annotations) as ToolAnnotations,
    })),
    nextCursor,
  };
}
