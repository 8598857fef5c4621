// Discovery: connects to a server with the MCP SDK client, lists its tools, resources,
// resource templates and prompts, and stores them as the server's catalog. Only the app, `serve` and the CLI load this
// module; the guard never does.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Readable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CapabilityInfo, ToolInfo } from '../../../src-shared/model/servers';
import { GatehouseError } from '../errors';
import { VERSION } from '../version';
import type { Catalog, ServerRegistry } from './registry';
import { StderrTail } from './stderr-tail';

export interface DiscoverOptions {
  timeoutMs?: number;
}

/** Up to this many of each kind: a catalog for people, not a mirror of the server. */
const MAX_ITEMS = 10_000;

/** Pages through one list method until it ends or MAX_ITEMS is reached. */
async function listAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor && out.length < MAX_ITEMS);
  return out;
}

type Described = { title?: string; description?: string };
const info = (kind: CapabilityInfo['kind'], name: string, d: Described): CapabilityInfo => ({ kind, name, title: d.title ?? null, description: d.description ?? null });

/** The resources, resource templates and prompts a server offers (each only when it says it has them). */
async function listCapabilities(client: Client, timeoutMs: number): Promise<CapabilityInfo[]> {
  const caps = client.getServerCapabilities() ?? {};
  const opts = { timeout: timeoutMs };
  const out: CapabilityInfo[] = [];
  if (caps.resources) {
    const resources = await listAll(async (cursor) => {
      const r = await client.listResources(cursor ? { cursor } : {}, opts);
      return { items: r.resources, nextCursor: r.nextCursor };
    });
    const templates = await listAll(async (cursor) => {
      const r = await client.listResourceTemplates(cursor ? { cursor } : {}, opts);
      return { items: r.resourceTemplates, nextCursor: r.nextCursor };
    });
    out.push(...resources.map((r) => info('resource', r.uri, r)), ...templates.map((t) => info('resource_template', t.uriTemplate, t)));
  }
  if (caps.prompts) {
    const prompts = await listAll(async (cursor) => {
      const r = await client.listPrompts(cursor ? { cursor } : {}, opts);
      return { items: r.prompts, nextCursor: r.nextCursor };
    });
    out.push(...prompts.map((p) => info('prompt', p.name, p)));
  }
  return out;
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
        return { serverInfo: info ? { name: info.name, version: info.version } : null, tools, capabilities: await listCapabilities(client, timeoutMs) };
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
