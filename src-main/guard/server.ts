// The real server behind the guard: a child process over stdio, or (bridge mode) a remote
// server reached with credentials from the vault, since Claude Desktop accepts only stdio.
import type { Core } from '../core';
import { isGatehouseError } from '../core/errors';
import { startChild, type ChildServer } from '../core/mcp/child';
import { LineReader } from '../core/mcp/line-reader';
import type { Relay } from '../core/mcp/relay';
import type { Upstream } from '../core/mcp/upstream';

export interface GuardServer {
  child: ChildServer | null;
  bridge: Upstream | null;
}

export interface ServerHooks {
  say(text: string): void;
  /** The child exited (`how`: "exited with code 1", "was killed by SIGKILL"). */
  exited(how: string, child: ChildServer): void;
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
      return { child: null, bridge };
    }
    const child = startChild(core.servers.launch(server));
    wireChild(core, server, child, relay, maxMessageBytes, hooks);
    return { child, bridge: null };
  } catch (e) {
    const message = isGatehouseError(e) ? e.message : `cannot start ${server}: ${(e as Error).message}`;
    hooks.say(message);
    relay.serverGone(`Gatehouse could not start server ${server}: ${message}`);
    return { child: null, bridge: null };
  }
}

function wireChild(core: Core, server: string, c: ChildServer, relay: Relay, maxMessageBytes: number, hooks: ServerHooks): void {
  c.process.stdin?.on('drain', () => process.stdin.resume());
  c.process.stdin?.on('error', () => undefined); // EPIPE when the child dies: handled on exit
  const fromServer = new LineReader(maxMessageBytes, {
    line: (b) => relay.fromServer(b),
    oversize: (head, total) => relay.oversizeFromServer(head, total),
  });
  c.process.stdout?.on('data', (chunk: Buffer) => fromServer.push(chunk));
  c.process.on('error', (e) => {
    const message = `server ${server} could not be started (${(e as NodeJS.ErrnoException).code ?? e.message}: ${launchText(c)})`;
    hooks.say(message);
    relay.serverGone(`Gatehouse: ${message}`);
    core.audit.record({ action: 'mcp.server_exit', server, decision: 'error', reason: 'spawn_failed' });
  });
  c.process.on('exit', (code, signal) => {
    fromServer.end();
    hooks.exited(signal ? `was killed by ${signal}` : `exited with code ${code}`, c);
  });
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

function launchText(c: ChildServer): string {
  return [c.process.spawnfile, ...c.process.spawnargs.slice(1)].join(' ');
}
