// What a gateway session talks to: a stdio child it manages, or a remote MCP server
// reached with credentials from the vault (never the client's token: no passthrough).
import type { Core } from '..';
import { UpstreamAuth, UpstreamSignInNeeded } from '../servers/upstream-oauth';
import { upstreamFetch } from './http-fetch';
import { LineReader } from './line-reader';
import { startChild } from './child';

export interface Upstream {
  send(bytes: Buffer): void;
  close(): void;
}

export interface UpstreamEvents {
  line(bytes: Buffer): void;
  oversize(head: Buffer, total: number): void;
  /** The upstream is gone (exited, failed to start, or the remote refused us). */
  gone(message: string): void;
}

export function startUpstream(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents): Upstream {
  return core.servers.transportOf(server) === 'stdio'
    ? startStdio(core, server, maxMessageBytes, on)
    : startRemote(core, server, on);
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

function startRemote(core: Core, server: string, on: UpstreamEvents): Upstream {
  const target = { ...core.servers.remote(server), ...core.servers.upstreamAuthOf(server) };
  let queue: Buffer[] | null = [];
  let transport: { send(m: unknown): Promise<void>; close(): Promise<void> } | null = null;
  let closed = false;
  // A lost upstream sign-in is said as such, not as a transport failure.
  const failed = (e: Error) =>
    e instanceof UpstreamSignInNeeded ? `Gatehouse: ${e.message}` : `Gatehouse: the remote MCP server ${server} failed: ${e.message}`;
  // Loaded on first use: only sessions with a remote upstream need the SDK client transport.
  void import('@modelcontextprotocol/sdk/client/streamableHttp.js')
    .then(async ({ StreamableHTTPClientTransport }) => {
      let options: ConstructorParameters<typeof StreamableHTTPClientTransport>[1] = { requestInit: { headers: target.headers }, fetch: upstreamFetch };
      if (target.authMode === 'oauth') {
        // Tokens from the vault; the SDK refreshes them (provider.tokens()/saveTokens()) on a 401.
        const authProvider = new UpstreamAuth(core).sessionProvider(target);
        if (!authProvider) throw new UpstreamSignInNeeded(server);
        const headers = Object.fromEntries(Object.entries(target.headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
        options = { ...options, requestInit: { headers }, authProvider };
      }
      const t = new StreamableHTTPClientTransport(new URL(target.url), options);
      t.onmessage = (m) => on.line(Buffer.from(JSON.stringify(m), 'utf8'));
      t.onerror = (e) => {
        if (!closed) on.gone(failed(e));
      };
      await t.start();
      transport = t;
      for (const b of queue ?? []) await t.send(JSON.parse(b.toString('utf8')));
      queue = null;
    })
    .catch((e: Error) =>
      on.gone(e instanceof UpstreamSignInNeeded ? `Gatehouse: ${e.message}` : `Gatehouse: cannot reach the remote MCP server ${server}: ${e.message}`),
    );
  return {
    send: (bytes) => {
      if (queue) queue.push(bytes);
      else transport?.send(JSON.parse(bytes.toString('utf8'))).catch((e: Error) => on.gone(failed(e)));
    },
    close: () => {
      closed = true;
      void transport?.close();
    },
  };
}
