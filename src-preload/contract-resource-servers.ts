// Self-hosted resource servers (spread into `contract` in ./contract): MCP servers that
// Gatehouse does not front but issues tokens for, registered by URL.
import { z } from 'zod';

export interface OAuthResourceServer {
  name: string;
  /** The resource: what clients ask a token for, and the tokens' `aud`. */
  url: string;
  /** The scope of its tokens: mcp:<name>. */
  scope: string;
  /** Its introspection credentials' client id (RFC 7662 section 2.1). */
  clientId: string;
  createdAt: string;
}

export interface OAuthResourceServerCreated {
  resourceServer: OAuthResourceServer;
  /** Returned once; the caller must show it and forget it. */
  clientSecret: string;
}

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
