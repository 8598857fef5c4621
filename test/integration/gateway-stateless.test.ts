// Issue 13: the gateway serves 2026-07-28 clients on the same URL as 2025 ones, with no
// initialize and no session. The official v2 client, pinned to 2026-07-28, in front of
// server-everything (stdio, a 2025 server: Gatehouse does its handshake once per pooled
// process); raw HTTP requests for what the spec requires of headers; many stateless calls
// share at most the pool's processes; progress goes back to the request that asked.
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src-preload/contract';
import { queryAudit } from '../../src-main/core/audit/query';
import { fixtureInfo, startFixtureServer } from '../helpers/fixture-server';
import { ENGINES, serveEngines, servedHome } from './engine-serve';
import { EVERYTHING, INIT } from './guard-harness';
import { mcpHeaders } from './serve-harness';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  const fx = servedHome(engines, engine, [{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }], async (home) => {
    const modern = await startFixtureServer('modern-only.mjs', { MODERN_TOKEN: 'modern-secret' });
    home.core.servers.add({ transport: 'http', name: 'modern', url: modern.url, headers: { Authorization: 'Bearer modern-secret' } });
    for (const s of ['everything', 'modern']) home.core.exposure.set(s, { exposed: true, acceptApiKeys: true });
    const key = home.newKey('stateless', [
      { effect: 'allow', pattern: 'everything:echo' },
      { effect: 'allow', pattern: 'everything:trigger-long-running-operation' },
      { effect: 'allow', pattern: 'modern:echo' },
      { effect: 'allow', pattern: 'modern:confirm' },
    ]);
    return { key, modern };
  });
  const clients: Client[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await fx.modern?.stop();
  });

  const url = () => `${fx.serve.gatewayBase}everything`;
  const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };

  function modernHeaders(token: string, method: string, name?: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(name !== undefined ? { 'mcp-name': name } : {}),
    };
  }

  function body(id: number, method: string, params: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): string {
    return JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: { ...META, ...meta } } });
  }

  type Rpc = { id?: number; method?: string; result?: Record<string, unknown>; error?: { code: number; message: string }; params?: Record<string, unknown> };

  /** The JSON-RPC messages of an answer, JSON or an event stream. */
  async function messages(r: Response): Promise<Rpc[]> {
    const text = await r.text();
    if (!(r.headers.get('content-type') ?? '').includes('text/event-stream')) return [JSON.parse(text) as Rpc];
    return text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as Rpc);
  }

  async function post(headers: Record<string, string>, text: string, to = url()): Promise<{ status: number; msgs: Rpc[]; session: string | null }> {
    const r = await fetch(to, { method: 'POST', headers, body: text });
    return { status: r.status, session: r.headers.get('mcp-session-id'), msgs: await messages(r) };
  }

  async function auditRows(pred: (e: ReturnType<typeof queryAudit>['events'][number]) => boolean, atLeast: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = queryAudit(fx.home.core.sql, { limit: 500 }).events.filter(pred);
      if (rows.length >= atLeast || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  describe('gateway: 2026-07-28 stateless clients', () => {
    it('serves the v2 client pinned to 2026-07-28: list filtered, allowed call answered, denied call refused, on record with the key', async () => {
      const c = new Client({ name: 'v2-stateless', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await c.connect(new StreamableHTTPClientTransport(new URL(url()), { requestInit: { headers: { Authorization: `Bearer ${fx.key.secret}` } } }));
      clients.push(c);
      expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo', 'trigger-long-running-operation']);
      expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: { message: 'stateless hi' } })).content)).toContain('stateless hi');
      await expect(c.callTool({ name: 'get-env', arguments: {} })).rejects.toThrow(/no rule allows tool get-env/);
      const rows = await auditRows((e) => e.action === 'mcp.request' && e.method === 'tools/call' && e.principalId === fx.key.id, 2);
      expect(rows.map((e) => `${e.tool}:${e.decision}`).sort()).toEqual(expect.arrayContaining(['echo:allowed', 'get-env:denied']));
    });

    it('answers a raw 2026-07-28 tools/list and tools/call with no initialize and no session', async () => {
      const list = await post(modernHeaders(fx.key.secret, 'tools/list'), body(1, 'tools/list'));
      expect(list.status).toBe(200);
      expect(list.session).toBeNull();
      expect((list.msgs[0]!.result!.tools as { name: string }[]).map((t) => t.name).sort()).toEqual(['echo', 'trigger-long-running-operation']);
      const call = await post(modernHeaders(fx.key.secret, 'tools/call', 'echo'), body(2, 'tools/call', { name: 'echo', arguments: { message: 'raw' } }));
      expect(call.status).toBe(200);
      expect(call.msgs[0]).toMatchObject({ id: 2 });
      expect(JSON.stringify(call.msgs[0]!.result)).toContain('raw');
      const discover = await post(modernHeaders(fx.key.secret, 'server/discover'), body(3, 'server/discover'));
      expect(discover.msgs[0]!.result).toMatchObject({ supportedVersions: ['2026-07-28'], capabilities: { tools: {} } });
    });

    it('refuses an Mcp-Method that does not match the body, naming the header and the fix', async () => {
      const r = await post(modernHeaders(fx.key.secret, 'tools/list'), body(4, 'tools/call', { name: 'echo', arguments: {} }));
      expect(r.status).toBe(400);
      expect(r.msgs[0]!.error).toMatchObject({ code: -32020 });
      expect(r.msgs[0]!.error!.message).toMatch(/Mcp-Method header \(tools\/list\) does not match the body's method \(tools\/call\); send Mcp-Method: tools\/call/);
    });

    it('refuses a missing Mcp-Method, and a tools/call without Mcp-Name or with another name', async () => {
      const h = modernHeaders(fx.key.secret, 'tools/list');
      delete h['mcp-method'];
      const noMethod = await post(h, body(5, 'tools/list'));
      expect(noMethod.status).toBe(400);
      expect(noMethod.msgs[0]!.error!.message).toMatch(/Mcp-Method header is required; send Mcp-Method: tools\/list/);
      const noName = await post(modernHeaders(fx.key.secret, 'tools/call'), body(6, 'tools/call', { name: 'echo', arguments: {} }));
      expect(noName.status).toBe(400);
      expect(noName.msgs[0]!.error!.message).toMatch(/Mcp-Name header is required for tools\/call/);
      // A header that names an allowed tool while the body calls another is refused before any rule is read.
      const otherName = await post(modernHeaders(fx.key.secret, 'tools/call', 'echo'), body(7, 'tools/call', { name: 'get-env', arguments: {} }));
      expect(otherName.status).toBe(400);
      expect(otherName.msgs[0]!.error!.message).toMatch(/Mcp-Name header does not match params.name; send Mcp-Name: get-env/);
    });

    it('refuses a bad token on a stateless request (401 with a challenge)', async () => {
      const r = await fetch(url(), { method: 'POST', headers: modernHeaders('ghk_not-a-real-key', 'tools/list'), body: body(8, 'tools/list') });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/Bearer/);
    });

    it('shares at most the pool\'s processes among many stateless calls', async () => {
      const calls = Array.from({ length: 12 }, (_, i) =>
        post(modernHeaders(fx.key.secret, 'tools/call', 'echo'), body(100 + i, 'tools/call', { name: 'echo', arguments: { message: `n${i}` } })),
      );
      const answers = await Promise.all(calls);
      answers.forEach((a, i) => expect(JSON.stringify(a.msgs.at(-1)!.result)).toContain(`n${i}`));
      const starts = queryAudit(fx.home.core.sql, { limit: 500 }).events.filter((e) => e.action === 'gateway.pool.start' && e.server === 'everything');
      expect(starts.length).toBeGreaterThanOrEqual(1);
      expect(starts.length).toBeLessThanOrEqual(2);
    });

    it('routes progress to the request that asked when two run at once with the same token', async () => {
      const call = (id: number, steps: number) =>
        post(
          modernHeaders(fx.key.secret, 'tools/call', 'trigger-long-running-operation'),
          body(id, 'tools/call', { name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps } }, { progressToken: 'same' }),
        );
      const [a, b] = await Promise.all([call(201, 2), call(202, 3)]);
      for (const [r, id, steps] of [[a, 201, 2], [b, 202, 3]] as const) {
        const progress = r.msgs.filter((m) => m.method === 'notifications/progress');
        expect(progress.map((m) => m.params)).toEqual(Array.from({ length: steps }, (_, i) => ({ progress: i + 1, total: steps, progressToken: 'same' })));
        expect(r.msgs.at(-1)).toMatchObject({ id, result: {} });
      }
    });

    it('passes a 2026-07-28 remote server through: discover from it, an input request back as a result, a denied tool refused', async () => {
      const to = `${fx.serve.gatewayBase}modern`;
      const discover = await post(modernHeaders(fx.key.secret, 'server/discover'), body(301, 'server/discover'), to);
      expect(discover.msgs[0]!.result).toMatchObject({ supportedVersions: expect.arrayContaining(['2026-07-28']) });
      const list = await post(modernHeaders(fx.key.secret, 'tools/list'), body(302, 'tools/list'), to);
      expect((list.msgs[0]!.result!.tools as { name: string }[]).map((t) => t.name).sort()).toEqual(['confirm', 'echo']);
      const ask = await post(modernHeaders(fx.key.secret, 'tools/call', 'confirm'), body(303, 'tools/call', { name: 'confirm', arguments: { action: 'deploy' } }, { 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } }), to);
      expect(ask.msgs.at(-1)).toMatchObject({ id: 303, result: { resultType: 'input_required', requestState: 'pending:deploy' } });
      const denied = await post(modernHeaders(fx.key.secret, 'tools/call', 'region'), body(304, 'tools/call', { name: 'region', arguments: { region: 'eu' } }), to);
      expect(denied.msgs[0]!.error!.message).toMatch(/no rule allows tool region/);
      const seen = await fixtureInfo<{ method: string | null; headers: Record<string, string> }[]>(fx.modern.url, '/seen');
      expect(seen.some((s) => s.method === 'initialize')).toBe(false);
      expect(seen.filter((s) => s.method === 'tools/call').every((s) => s.headers['mcp-name'] === 'confirm')).toBe(true);
    });

    it('counts the pool\'s processes against gatewaySessionsTotal: a new 2025 session is refused with 503 once they fill it', async () => {
      // At least one pooled process: this call's.
      const warm = await post(modernHeaders(fx.key.secret, 'tools/call', 'echo'), body(401, 'tools/call', { name: 'echo', arguments: { message: 'warm' } }));
      expect(warm.status).toBe(200);
      fx.home.core.settings.update({ gatewaySessionsTotal: 1 } as Partial<Settings>);
      try {
        const deadline = Date.now() + 5_000;
        let r: Response;
        // serve re-reads its settings within half a second of a change.
        do {
          r = await fetch(url(), { method: 'POST', headers: mcpHeaders(fx.key.secret), body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT }) });
          if (r.status === 503) break;
          await fetch(url(), { method: 'DELETE', headers: mcpHeaders(fx.key.secret, r.headers.get('mcp-session-id') ?? '') });
          await new Promise((res) => setTimeout(res, 25));
        } while (Date.now() < deadline);
        expect(r.status).toBe(503);
        const error = ((await r.json()) as { error: { message: string } }).error;
        expect(error.message).toMatch(/the gateway holds 0 sessions and [1-9] server processes shared by 2026-07-28 clients, its limit \(setting gatewaySessionsTotal\)/);
      } finally {
        fx.home.core.settings.update({ gatewaySessionsTotal: 20 } as Partial<Settings>);
      }
    });

    it('answers a 2026-07-28 GET or DELETE without a session with 405 (no sessions, no GET stream in that era); a 2025 one still gets 400', async () => {
      for (const method of ['GET', 'DELETE']) {
        const r = await fetch(url(), { method, headers: { accept: 'application/json, text/event-stream', authorization: `Bearer ${fx.key.secret}`, 'mcp-protocol-version': '2026-07-28' } });
        expect(r.status).toBe(405);
        expect(r.headers.get('allow')).toMatch(/POST/);
        const error = ((await r.json()) as { error: { code: number; message: string } }).error;
        expect(error.message).toMatch(/Method Not Allowed: MCP 2026-07-28 has no sessions.*POST each request.*subscriptions\/listen/);
      }
      const legacy = await fetch(url(), { method: 'GET', headers: { accept: 'text/event-stream', authorization: `Bearer ${fx.key.secret}`, 'mcp-protocol-version': '2025-11-25' } });
      expect(legacy.status).toBe(400);
    });
  });
});
