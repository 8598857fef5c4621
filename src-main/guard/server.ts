// The real server behind the guard: a child process over stdio, or (bridge mode) a remote
// server reached with credentials from the vault, since Claude Desktop accepts only stdio.
import type { Core } from '../core';
import { isGatehouseError } from '../core/errors';
import type { ChildServer } from '../core/mcp/child';
import type { Relay } from '../core/mcp/relay';
import { StdioEras } from '../core/mcp/stdio-eras';
import { StdioServer } from '../core/mcp/stdio-server';
import type { Upstream } from '../core/mcp/upstream';

export interface GuardServer {
  /** A local server (a child process over stdio). */
  stdio: StdioServer | null;
  /** Bridge mode: a remote server. */
  bridge: Upstream | null;
  /** What the relay writes to for a local server: speaks for a 2025 client to a server of 2026-07-28 only. */
  eras?: StdioEras | null;
}

export interface ServerHooks {
  say(text: string): void;
  /** The child exited on its own (`how`: "exited with code 1", "was killed by SIGKILL"). */
  exited(how: string, child: ChildServer): void;
  /** The server's stdin is full (true) or drained (false): stop or resume reading the client. */
  backpressure(full: boolean): void;
}

/**
 * Starts the server; when it cannot start, every request is answered with why. The remote
 * client (HTTP, TLS, server-sent events) is loaded only for a remote server: a guard of a
 * stdio server does not hold it (issue 14).
 */
export async function startServer(core: Core, server: string, relay: Relay, maxMessageBytes: number, hooks: ServerHooks): Promise<GuardServer> {
  try {
    if (core.servers.transportOf(server) === 'http') {
      const { startUpstream } = await import('../core/mcp/upstream');
      const bridge = startUpstream(core, server, maxMessageBytes, {
        line: (b) => relay.fromServer(b),
        oversize: (head, total) => relay.oversizeFromServer(head, total),
        gone: (message) => {
          hooks.say(message);
          relay.serverGone(message);
        },
      });
      return { stdio: null, bridge };
    }
    return { ...startLocal(core, server, relay, maxMessageBytes, hooks), bridge: null };
  } catch (e) {
    const message = isGatehouseError(e) ? e.message : `cannot start ${server}: ${(e as Error).message}`;
    hooks.say(message);
    relay.serverGone(`Gatehouse could not start server ${server}: ${message}`);
    return { stdio: null, bridge: null };
  }
}

function startLocal(core: Core, server: string, relay: Relay, maxMessageBytes: number, hooks: ServerHooks): { stdio: StdioServer; eras: StdioEras } {
  const eras: StdioEras = new StdioEras({ server, write: (b) => stdio.send(b), toClient: (b) => relay.fromServer(b) });
  const stdio: StdioServer = new StdioServer(
    core.servers.launch(server),
    {
      line: (b) => eras.fromServer(b),
      oversize: (head, total) => relay.oversizeFromServer(head, total),
      failed: (code, launch) => {
        const message = `server ${server} could not be started (${code}: ${launch})`;
        hooks.say(message);
        relay.serverGone(`Gatehouse: ${message}`);
        core.audit.record({ action: 'mcp.server_exit', server, decision: 'error', reason: 'spawn_failed' });
      },
      exited: hooks.exited,
      backpressure: hooks.backpressure,
    },
    { maxMessageBytes },
  );
  return { stdio, eras };
}

/** The server died on its own: every pending and later request gets an error that says so. */
export function serverDied(core: Core, server: string, relay: Relay, how: string, c: ChildServer, say: (text: string) => void): void {
  // Give the last stderr lines a moment to arrive for the message.
  setTimeout(() => {
    say(`server ${server} ${how}${c.tail.suffix()}`);
    relay.serverGone(`Gatehouse: MCP server ${server} ${how}; restart the client app to start it again`);
    core.audit.record({ action: 'mcp.server_exit', server, decision: 'error', reason: how });
    core.audit.flush();
  }, 50);
}
