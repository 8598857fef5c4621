// What a gateway session talks to: a stdio child it manages, or a remote MCP server
// reached with credentials from the vault (never the client's token: no passthrough).
import type { Core } from '..';
import type { Id, Message } from './jsonrpc';
import { startRemote, type RemoteOptions } from './remote';
import { StdioEras } from './stdio-eras';
import { StdioServer } from './stdio-server';

export interface Upstream {
  /** One message; `msg` is it parsed, when the caller has it. */
  send(bytes: Buffer, msg?: Message): void;
  close(): void;
}

export interface UpstreamEvents {
  /**
   * One message from the server. `relatedTo`: the id of the client request on whose event
   * stream it came (a remote server's progress, logging or elicitation for that request),
   * so the gateway can send it down that request's own stream.
   */
  line(bytes: Buffer, relatedTo?: Id): void;
  oversize(head: Buffer, total: number): void;
  /** The upstream is gone (exited, failed to start, or the remote refused us). */
  gone(message: string): void;
}

export function startUpstream(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents, opts: RemoteOptions = {}): Upstream {
  return core.servers.transportOf(server) === 'stdio'
    ? startStdio(core, server, maxMessageBytes, on)
    : startRemote(core, server, maxMessageBytes, on, opts);
}

/** A child over stdio, behind the era adapter (a 2025 session's client in front of a server of 2026-07-28 only). */
function startStdio(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents): Upstream {
  const eras: StdioEras = new StdioEras({ server, write: (b) => child.send(b), toClient: (b) => on.line(b) });
  const child: StdioServer = new StdioServer(
    core.servers.launch(server),
    {
      line: (b) => eras.fromServer(b),
      oversize: (head, total) => on.oversize(head, total),
      failed: (code) => on.gone(`Gatehouse could not start MCP server ${server}: ${code}`),
      exited: (how, child) => on.gone(`Gatehouse: MCP server ${server} ${how}${child.tail.suffix()}`),
    },
    { maxMessageBytes, passStderr: false },
  );
  return {
    send: (bytes, msg) => eras.send(bytes, msg),
    close: () => {
      eras.close();
      void child.close();
    },
  };
}
