// Self-hosted resource servers (spread into `contract` in ./contract): MCP servers that
// Gatehouse does not front but issues tokens for, registered by URL.
import { z } from 'zod';
import type { OAuthResourceServer, OAuthResourceServerCreated } from '../src-shared/model/oauth';

export type { OAuthResourceServer, OAuthResourceServerCreated };

function returns<T>(): T {
  return undefined as T;
}
const byName = z.object({ name: z.string().min(1).max(64) }).strict();

export const resourceServersContract = {
  'oauth.resourceServers.list': { input: z.object({}).strict(), result: returns<OAuthResourceServer[]>() },
  /** Registers a self-hosted MCP server by its URL; returns its introspection secret once. */
  'oauth.resourceServers.add': {
    input: z
      .object({
        url: z.string().trim().min(1).max(2048),
        name: z.string().trim().min(1, 'give the resource server a name (its scope is mcp:<name>)').max(64),
      })
      .strict(),
    result: returns<OAuthResourceServerCreated>(),
  },
  /** Its tokens stop being issued and its credentials stop working. */
  'oauth.resourceServers.remove': { input: byName, result: returns<{ removed: string }>() },
  /** A new introspection secret; the old one stops working now. */
  'oauth.resourceServers.rotateSecret': { input: byName, result: returns<OAuthResourceServerCreated>() },
} as const;
