// Tool discovery: connects to a server with the MCP SDK client, lists its tools and
// stores them as the server's catalog. Only the app, `serve` and the CLI load this
// module; the guard never does.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Readable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ToolInfo } from '../../../src-preload/contract';
import { GatehouseError } from '../errors';
import { VERSION } from '../version';
import type { Catalog, ServerRegistry } from './registry';
import { StderrTail } from './stderr-tail';

export interface DiscoverOptions {
  timeoutMs?: number;
}

export async function discoverTools(registry: ServerRegistry, name: string, opts: DiscoverOptions = {}): Promise<Catalog> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const tail = new StderrTail();
  let transport: Transport;
  let what: string;
  if (registry.transportOf(name) === 'stdio') {
    const launch = registry.launch(name);
    what = `${launch.command} ${launch.args.join(' ')}`.trim();
    const stdio = new StdioClientTransport({
      command: launch.command,
      args: launch.args,
      env: { ...getDefaultEnvironment(), ...launch.env },
      ...(launch.cwd ? { cwd: launch.cwd } : {}),
      stderr: 'pipe',
    });
    tail.attach(stdio.stderr as Readable | null);
    transport = stdio;
  } else {
    const remote = registry.remote(name);
    what = remote.url;
    transport = new StreamableHTTPClientTransport(new URL(remote.url), { requestInit: { headers: remote.headers } });
  }

  const client = new Client({ name: 'gatehouse-discovery', version: VERSION });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    const catalog = await Promise.race([
      (async (): Promise<Catalog> => {
        await client.connect(transport, { timeout: timeoutMs });
        const tools: ToolInfo[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
          for (const t of page.tools) {
            tools.push({
              name: t.name,
              title: t.title ?? t.annotations?.title ?? null,
              description: t.description ?? null,
              annotations: { ...(t.annotations ?? {}) },
            });
          }
          cursor = page.nextCursor;
        } while (cursor && tools.length < 10_000);
        const info = client.getServerVersion();
        return { serverInfo: info ? { name: info.name, version: info.version } : null, tools };
      })(),
      deadline,
    ]);
    registry.saveCatalog(name, catalog);
    return catalog;
  } catch (e) {
    // Give the child a moment to flush its last stderr lines into the message.
    await new Promise((r) => setTimeout(r, 100));
    const message = `could not list the tools of ${name} (${what}): ${(e as Error).message}${tail.suffix()}`;
    registry.saveDiscoveryError(name, message);
    throw new GatehouseError('DISCOVERY_FAILED', message, { cause: e });
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => undefined);
  }
}
