// What a gateway session talks to: a stdio child it manages, or a remote MCP server
// reached with credentials from the vault (never the client's token: no passthrough).
import type { Core } from '..';
import type { Id, Message } from './jsonrpc';
import { LineReader } from './line-reader';
import { startChild } from './child';
import { startRemote, type RemoteOptions } from './remote';

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

function startStdio(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents): Upstream {
  const child = startChild(core.servers.launch(server), { passStderr: false });
  const reader = new LineReader(maxMessageBytes, on);
  let closed = false;
  child.process.stdout?.on('data', (chunk: Buffer) => reader.push(chunk));
  child.process.stdin?.on('error', () => undefined); // EPIPE after a crash: reported by 'exit'
  child.process.on('error', (e) => on.gone(`Gatehouse could not start MCP server ${server}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  child.process.on('exit', (code, signal) => {
    reader.end();
    if (closed) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    on.gone(`Gatehouse: MCP server ${server} ${how}${child.tail.suffix()}`);
  });
  return {
    send: (bytes) => {
      if (child.process.stdin?.writable) child.process.stdin.write(bytes);
    },
    close: () => {
      closed = true;
      child.process.stdin?.end();
      const t = setTimeout(() => child.process.exitCode === null && child.process.kill('SIGTERM'), 2000);
      t.unref();
    },
  };
}
