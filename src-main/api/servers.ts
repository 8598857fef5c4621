import type { Core } from '../core';
import { claudeDesktopConfigPath } from '../core/clients/claude-desktop-path';
import { importClaudeServers } from '../core/servers/claude-import';
import type { ServerDefinition } from '../core/servers/registry';
import { readToolPage } from '../core/servers/tool-pages';
import { UpstreamAuth } from '../core/servers/upstream-oauth';
import type { Handlers } from '.';

type ServerMethods =
  | 'servers.list'
  | 'servers.get'
  | 'servers.add'
  | 'servers.update'
  | 'servers.remove'
  | 'servers.expose'
  | 'servers.exposures'
  | 'servers.sessions'
  | 'servers.discover'
  | 'servers.importClaude'
  | 'servers.oauth.connect'
  | 'servers.oauth.status'
  | 'servers.oauth.disconnect'
  | 'servers.tools';

export function serversHandlers(core: Core): Handlers<ServerMethods> {
  return {
    'servers.list': () => core.servers.list(),
    'servers.get': ({ name }) => core.servers.get(name),
    'servers.add': (def) => core.servers.add(def as ServerDefinition),
    'servers.update': ({ name, server, keepSecrets }) => core.servers.update(name, server as ServerDefinition, keepSecrets),
    'servers.remove': ({ name }) => {
      core.servers.remove(name);
      return { removed: name };
    },
    'servers.expose': ({ name, ...terms }) => core.exposure.set(name, terms),
    'servers.exposures': () => core.exposure.list(),
    'servers.sessions': () =>
      core.live.list().map((s) => ({ ...s, startedAt: new Date(s.startedAt).toISOString(), lastUsed: new Date(s.lastUsed).toISOString() })),
    'servers.discover': async ({ name }) => {
      // Loaded on demand: the MCP SDK client is only needed here.
      const { discoverTools } = await import('../core/servers/discovery');
      await discoverTools(core.servers, name);
      return core.servers.get(name);
    },
    'servers.importClaude': ({ path }) => importClaudeServers(core.servers, path ?? claudeDesktopConfigPath()),
    'servers.oauth.connect': ({ name }) => new UpstreamAuth(core).connect(name),
    'servers.oauth.status': ({ name }) => new UpstreamAuth(core).status(name),
    'servers.oauth.disconnect': ({ name }) => new UpstreamAuth(core).disconnect(name),
    'servers.tools': (q) => readToolPage(core.db, q),
  };
}
