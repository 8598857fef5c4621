// A scripted node:http MCP server and Gatehouse's remote upstream client connected to it,
// for the unit tests of core/mcp/remote*.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, vi } from 'vitest';
import { startRemote } from '../../src-main/core/mcp/remote';
import type { StreamEvent } from '../../src-main/core/mcp/remote-session';
import type { Upstream } from '../../src-main/core/mcp/upstream';
import { freshCores } from './core';

export const WAIT = { timeout: 3000, interval: 10 };

export interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id?: number | string; method?: string; params?: Record<string, unknown> } | null;
}
export type Handler = (seen: Seen, res: http.ServerResponse, req: http.IncomingMessage) => void;

export interface ScriptOptions {
  /**
   * How the server answers the era probe (server/discover): 'legacy' as a 2025-11-25 SDK
   * server outside a session (400, "Server not initialized"), kept out of `seen` and counted
   * in `probes`; 'handler': like any other request.
   */
  probe?: 'legacy' | 'handler';
}

export function scriptedUpstreams() {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
  const cores = freshCores();

  async function upstreamServer(handler: Handler, opts: ScriptOptions = {}) {
    const seen: Seen[] = [];
    const probes: Seen[] = [];
    const server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const body = Buffer.concat(parts).toString('utf8');
        let json: Seen['json'];
        try {
          json = body ? (JSON.parse(body) as Seen['json']) : null;
        } catch {
          json = null;
        }
        const s: Seen = { method: req.method ?? '', headers: req.headers, body, json };
        if (json?.method === 'server/discover' && (opts.probe ?? 'legacy') === 'legacy') {
          probes.push(s);
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: Server not initialized' }, id: null }));
        }
        seen.push(s);
        handler(s, res, req);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/mcp`, seen, probes, server, forget: () => servers.splice(servers.indexOf(server), 1) };
  }

  function connect(url: string, maxMessageBytes = 1024 * 1024, requestTimeoutMs?: number, streamRetryMs?: number[]) {
    const { core } = cores.open();
    core.servers.add({ transport: 'http', name: 'up', url, headers: { Authorization: 'Bearer upstream-secret' } });
    const raw: string[] = [];
    const oversize: { head: string; total: number }[] = [];
    const gone: string[] = [];
    /** What the GET stream decided, in order: absence of a reopening is read here, not slept for. */
    const streamEvents: StreamEvent[] = [];
    const up: Upstream = startRemote(core, 'up', maxMessageBytes, {
      line: (b) => raw.push(b.toString('utf8')),
      oversize: (head, total) => oversize.push({ head: head.toString('utf8'), total }),
      gone: (m) => gone.push(m),
    }, { ...(requestTimeoutMs ? { requestTimeoutMs } : {}), stream: { retryMs: streamRetryMs, on: (e) => streamEvents.push(e) } });
    cores.later(() => up.close());
    const lines = () => raw.map((l) => JSON.parse(l) as Line);
    const send = (msg: unknown) => up.send(Buffer.from(typeof msg === 'string' ? msg : JSON.stringify(msg)));
    /** Sends initialize and waits for its answer. */
    const initialize = async () => {
      send(INIT);
      await vi.waitFor(() => expect(raw).toHaveLength(1), WAIT);
    };
    return { up, raw, lines, oversize, gone, streamEvents, send, initialize };
  }

  return { upstreamServer, connect };
}

export interface Line {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export const json = (res: http.ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
export const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
export const INIT_RESULT = { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-03-26', capabilities: {}, serverInfo: { name: 'up', version: '1' } } };

/** A server that answers initialize with a session, initialized with 202, GET with 405, and hands the rest to `rest`. */
export function sessionHandler(rest: Handler = (s, res) => json(res, { jsonrpc: '2.0', id: s.json?.id, result: {} })): Handler {
  return (s, res, req) => {
    if (s.method === 'GET') return void res.writeHead(405).end();
    if (s.method === 'DELETE') return void res.writeHead(200).end();
    if (s.json?.method === 'initialize') return json(res, JSON.stringify(INIT_RESULT, null, 2), { 'mcp-session-id': 'sess-1' });
    if (s.json?.method === 'notifications/initialized') return void res.writeHead(202).end();
    rest(s, res, req);
  };
}
