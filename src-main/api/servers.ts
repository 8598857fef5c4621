import type { Core } from '../core';
import { claudeDesktopConfigPath } from '../core/client-apps/claude-desktop-path';
import { importClaudeServers } from '../core/servers/claude-import';
import type { ServerDefinition } from '../core/servers/registry';
import { readToolPage } from '../core/servers/tool-pages';
import { UpstreamAuth } from '../core/servers/upstream-oauth';
import type { LiveSession } from '../core/mcp/live-sessions';
import type { Handlers, MethodsOf } from '.';

function sessionInfo(s: LiveSession) {
  return { ...s, startedAt: new Date(s.startedAt).toISOString(), lastUsed: new Date(s.lastUsed).toISOString() };
}

type ServerMethods = MethodsOf<'servers'>;

export function serversHandlers(core: Core): Handlers<ServerMethods> {
  // Every method takes a server as a person names it: the registry name, or a client app's name for it.
  const r = (name: string) => core.servers.resolve(name);
  return {
    'servers.list': () => core.servers.list(),
    'servers.get': ({ name }) => core.servers.get(r(name)),
    'servers.add': (def) => core.servers.add(def as ServerDefinition),
    'servers.update': ({ name, server, keepSecrets }) => core.servers.update(r(name), server as ServerDefinition, keepSecrets),
    'servers.remove': ({ name }) => {
      const resolved = r(name);
      core.servers.remove(resolved);
      return { removed: resolved };
    },
    'servers.expose': ({ name, ...terms }) => core.exposure.set(r(name), terms),
    'servers.exposures': () => core.exposure.list(),
    'servers.sessions': () => core.live.list().map(sessionInfo),
    'servers.sessions.end': ({ id }, ctx) => {
      const s = core.live.end(id);
      core.audit.record({ action: 'gateway.session.end', actor: ctx.actor, server: s.server, principalType: s.principalType, principalId: s.principalId, reason: 'admin' });
      return sessionInfo(s);
    },
    'servers.discover': async ({ name }) => {
      // Loaded on demand: the MCP SDK client is only needed here.
      const { discoverTools } = await import('../core/servers/discovery');
      const resolved = r(name);
      await discoverTools(core.servers, resolved);
      return core.servers.get(resolved);
    },
    'servers.importClaude': ({ path }) => importClaudeServers(core.servers, path ?? claudeDesktopConfigPath()),
    'servers.oauth.connect': ({ name }) => new UpstreamAuth(core).connect(r(name)),
    'servers.oauth.status': ({ name }) => new UpstreamAuth(core).status(r(name)),
    'servers.oauth.disconnect': ({ name }) => new UpstreamAuth(core).disconnect(r(name)),
    // A tool picker's server filter is a server as a person names it too.
    'servers.tools': ({ server, ...q }) => readToolPage(core.sql, { ...q, ...(server ? { server: r(server) } : {}) }),
  };
}
