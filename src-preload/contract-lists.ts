// The paged and searched lists of the admin API (spread into `contract` in ./contract):
// API keys a page at a time, keys by id, principals (keys and OAuth apps) and tools by
// name prefix for pickers and the command palette.
import { z } from 'zod';
import { keySorts, type KeyListQuery, type KeyPage, type KeySummary, type PrincipalMatch } from '../src-shared/model/keys';
import type { ToolPage } from '../src-shared/model/servers';
import { sameShape } from './same-shape';

export type * from '../src-shared/model/keys';
export type { ToolMatch, ToolPage } from '../src-shared/model/servers';
import { keyIdSchema, serverNameSchema } from './names';
import { cursorSchema, pageLimitSchema, prefixSchema } from './paging';

export { keySorts };

export const keyListSchema = z
  .object({
    limit: pageLimitSchema(500, 100),
    cursor: cursorSchema.optional(),
    /** Name prefix, case-insensitive; the page is then ordered by name. */
    search: prefixSchema.optional(),
    /** newest (default), oldest, name, name_desc, or expiry (soonest first, keys with an expiry not yet past). */
    sort: z.enum(keySorts).default('newest'),
    /** Only keys that work now (active or rotating). */
    live: z.boolean().default(false),
    /** With sort expiry: only keys expiring before this. */
    expiresBefore: z.iso.datetime().optional(),
  })
  .strict();
sameShape<z.input<typeof keyListSchema>, KeyListQuery>(true);

/** Marks a result type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

export const listsContract = {
  /** API keys a page at a time (see keyListSchema). */
  'keys.list': { input: keyListSchema, result: returns<KeyPage>() },
  /** The keys with these ids that exist (for names beside other lists). */
  'keys.byIds': { input: z.object({ ids: z.array(keyIdSchema).max(500) }).strict(), result: returns<KeySummary[]>() },
  /** API keys and OAuth apps whose name starts with `search` (any, without it), by name. */
  'principals.search': {
    input: z
      .object({ search: prefixSchema.optional(), limit: pageLimitSchema(50, 10), live: z.boolean().default(false) })
      .strict(),
    result: returns<PrincipalMatch[]>(),
  },
  /** Tools a page at a time, of one server or of all, optionally by name prefix. */
  'servers.tools': {
    input: z
      .object({
        server: serverNameSchema.optional(),
        search: prefixSchema.optional(),
        limit: pageLimitSchema(500, 100),
        cursor: cursorSchema.optional(),
      })
      .strict(),
    result: returns<ToolPage>(),
  },
} as const;
