// Issue 13: stdio servers of either era behind the gateway, for clients of either era. A
// server of 2026-07-28 only (test/fixtures/servers/modern.mjs, the v2 server SDK over stdio)
// serves the stateless pool without a handshake, and a 2025 session's client through
// Gatehouse speaking for it (initialize from server/discover, input requests asked as
// elicitation).
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, serveEngines, servedHome } from './engine-serve';
import { EVERYTHING, FIXTURES } from './guard-harness';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  const fx = servedHome(engines, engine, [
    { name: 'modern', command: process.execPath, args: [join(FIXTURES, 'modern.mjs')] },
    { name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] },
  ], (home) => {
    for (const s of ['modern', 'everything']) home.core.exposure.set(s, { exposed: true, acceptApiKeys: true });
    const key = home.newKey('stdio eras', [
      { effect: 'allow', pattern: 'modern:echo' },
      { effect: 'allow', pattern: 'modern:confirm' },
      { effect: 'allow', pattern: 'everything:trigger-sampling-request' },
      { effect: 'allow', pattern: 'everything:trigger-elicitation-request' },
    ]);
    return { key };
  });
  const clients: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  });

  const url = (server: string) => new URL(`${fx.serve.gatewayBase}${server}`);
  const auth = () => ({ requestInit: { headers: { Authorization: `Bearer ${fx.key.secret}` } } });

  describe('gateway: stdio servers of 2026-07-28 only', () => {
    it('serves a stateless 2026-07-28 client from the pool with no handshake: list filtered, call answered, denied call refused', async () => {
      const c = new Client({ name: 'v2-stateless', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await c.connect(new StreamableHTTPClientTransport(url('modern'), auth()));
      clients.push(c);
      expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['confirm', 'echo']);
      expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: {} })).content)).toContain('ran echo');
      await expect(c.callTool({ name: 'secret', arguments: {} })).rejects.toThrow(/no rule allows tool secret of server modern/);
    });

    it('speaks for a 2025 session client: initialize from server/discover, calls governed, input asked as elicitation', async () => {
      const c = new LegacyClient({ name: 'v1-session', version: '1.0.0' }, { capabilities: { elicitation: {} } });
      const asked: string[] = [];
      c.setRequestHandler(ElicitRequestSchema, (req) => {
        asked.push(req.params.message);
        return { action: 'accept', content: { yes: false } };
      });
      await c.connect(new LegacyHttp(url('modern'), auth()));
      clients.push(c);
      expect(c.getServerVersion()).toMatchObject({ name: 'modern-fixture' });
      expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: {} })).content)).toContain('ran echo');
      await expect(c.callTool({ name: 'secret', arguments: {} })).rejects.toThrow(/no rule allows tool secret of server modern/);
      expect(JSON.stringify((await c.callTool({ name: 'confirm', arguments: { action: 'ship' } })).content)).toContain('did not ship');
      expect(asked).toEqual(['Really ship?']);
    });
  });

  describe('gateway: a 2025 stdio server asks a stateless client for input', () => {
    it('turns its sampling and elicitation requests into input requests of the result, and relays the answers back', async () => {
      const c = new Client({ name: 'v2-asked', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } }, capabilities: { sampling: {}, elicitation: { form: {} } } });
      const asked: string[] = [];
      c.setRequestHandler('sampling/createMessage', async (req) => {
        asked.push(`sampling: ${JSON.stringify(req.params.messages.at(-1)?.content)}`);
        return { model: 'test-model', role: 'assistant' as const, content: { type: 'text' as const, text: 'sampled words' } };
      });
      c.setRequestHandler('elicitation/create', async (req) => {
        asked.push(`elicitation: ${req.params.message}`);
        return { action: 'accept' as const, content: { name: 'Ada', check: true } };
      });
      await c.connect(new StreamableHTTPClientTransport(url('everything'), auth()));
      clients.push(c);
      const sampled = await c.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } });
      expect(JSON.stringify(sampled.content)).toContain('sampled words');
      const elicited = await c.callTool({ name: 'trigger-elicitation-request', arguments: {} });
      expect(JSON.stringify(elicited.content)).toContain('Ada');
      expect(asked).toEqual([expect.stringContaining('hello'), 'elicitation: Please provide inputs for the following fields:']);
    });

    it('answers the server with an error for a client that did not declare the capability: the tool reports it', async () => {
      const c = new Client({ name: 'v2-no-caps', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await c.connect(new StreamableHTTPClientTransport(url('everything'), auth()));
      clients.push(c);
      const r = await c.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } }).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
      expect(r.isError).toBe(true);
      expect(JSON.stringify(r.content)).toMatch(/did not declare the sampling capability/);
    });

    it('refuses a requestState that is unknown, or that another key presents; the owner resumes the call with its answer', async () => {
      const other = fx.home.newKey('stdio eras other', [{ effect: 'allow', pattern: 'everything:trigger-elicitation-request' }]);
      const caps = { elicitation: {} };
      const first = await raw(fx.key.secret, 1, 'trigger-elicitation-request', {}, caps);
      const result = first.result as { resultType: string; requestState: string; inputRequests: Record<string, { method: string }> };
      expect(result).toMatchObject({ resultType: 'input_required', requestState: expect.stringMatching(/^gatehouse-input-/) });
      const [inputKey, ask] = Object.entries(result.inputRequests)[0]!;
      expect(ask.method).toBe('elicitation/create');
      const unknown = await raw(fx.key.secret, 2, 'trigger-elicitation-request', { requestState: 'gatehouse-input-nope' }, caps);
      expect(unknown.error?.message).toMatch(/requestState is unknown or expired/);
      const stolen = await raw(other.secret, 3, 'trigger-elicitation-request', { requestState: result.requestState }, caps);
      expect(stolen.error?.message).toMatch(/requestState belongs to another request/);
      const done = await raw(fx.key.secret, 4, 'trigger-elicitation-request', { requestState: result.requestState, inputResponses: { [inputKey]: { action: 'accept', content: { name: 'Grace' } } } }, caps);
      expect(done.id).toBe(4);
      expect(JSON.stringify(done.result)).toContain('Grace');
    });
  });

  type Rpc = { id?: number; result?: Record<string, unknown>; error?: { code: number; message: string } };

  /** A raw 2026-07-28 tools/call; its last message (the answer). */
  async function raw(token: string, id: number, tool: string, extra: Record<string, unknown>, caps: Record<string, unknown>): Promise<Rpc> {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': caps };
    const r = await fetch(url('everything'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}`, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': tool },
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: {}, ...extra, _meta: meta } }),
    });
    const text = await r.text();
    const lines = (r.headers.get('content-type') ?? '').includes('text/event-stream') ? text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)) : [text];
    return JSON.parse(lines.at(-1)!) as Rpc;
  }
});
