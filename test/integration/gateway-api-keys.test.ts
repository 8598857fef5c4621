// The HTTP gateway with Gatehouse API keys as bearer tokens, driven by the official MCP
// SDK client over streamable HTTP, against the real server-everything.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { ENGINES, serveEngines, servedHome } from './engine-serve';
import { EVERYTHING, poll } from './guard-harness';

const engines = serveEngines();

describe.each(ENGINES)('gateway with API keys (%s)', (engine) => {
  const fx = servedHome(engines, engine, [{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }], (home) => {
    home.core.exposure.set('everything', { exposed: true, acceptApiKeys: true });
    home.core.servers.add({ transport: 'stdio', name: 'hidden', command: process.execPath, args: [EVERYTHING, 'stdio'], cwd: null, env: {} });
    const allowed = home.newKey('http client', [
      { effect: 'allow', pattern: 'everything:*' },
      { effect: 'deny', pattern: 'everything:get-env' },
    ]);
    return { allowed };
  });

  function client(token: string) {
    const c = new Client({ name: 'gateway-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${fx.serve.gatewayBase}everything`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    return { c, transport };
  }

  describe('the MCP gateway', () => {
    it('relays the MCP flow: tools/list filtered, an allowed call works, a denied call is refused and audited', async () => {
      const { c, transport } = client(fx.allowed.secret);
      await c.connect(transport);
      const tools = (await c.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
      expect(tools).not.toContain('get-env');
      const echoed = await c.callTool({ name: 'echo', arguments: { message: 'through the gateway' } });
      expect(JSON.stringify(echoed.content)).toContain('through the gateway');
      await expect(c.callTool({ name: 'get-env', arguments: {} })).rejects.toThrow(/denied by the rule everything:get-env/);
      await c.close();
      fx.home.core.audit.flush();
      const rows = await poll(() => {
        const events = queryAudit(fx.home.core.sql, { server: 'everything', limit: 50 }).events;
        return events.some((e) => e.decision === 'denied') && events.some((e) => e.tool === 'echo') ? events : undefined;
      }, 5000, 'the audit rows of both calls');
      expect(rows.find((e) => e.tool === 'echo' && e.decision === 'allowed')).toMatchObject({ actor: 'gateway', principalId: fx.allowed.id });
      expect(rows.find((e) => e.tool === 'get-env')).toMatchObject({ decision: 'denied', reason: 'denied_by_rule' });
    });

    it('asks for a token with the resource metadata, and serves that metadata', async () => {
      const r = await fetch(`${fx.serve.gatewayBase}everything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(401);
      const challenge = r.headers.get('www-authenticate')!;
      expect(challenge).toContain(`resource_metadata="${fx.serve.base}/.well-known/oauth-protected-resource/mcp/everything"`);
      expect(challenge).toContain('scope="mcp:everything"');
      const meta = await (await fetch(`${fx.serve.base}/.well-known/oauth-protected-resource/mcp/everything`)).json();
      expect(meta).toMatchObject({ resource: `${fx.serve.base}/mcp/everything`, authorization_servers: [fx.serve.base], scopes_supported: ['mcp:everything'] });
    });

    it('refuses a token in the query string, a bad key, and servers that are not exposed', async () => {
      const q = await fetch(`${fx.serve.gatewayBase}everything?access_token=${fx.allowed.secret}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(q.status).toBe(400);
      expect(await q.json()).toMatchObject({ error: 'invalid_request' });
      const bad = await fetch(`${fx.serve.gatewayBase}everything`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.allowed.secret.slice(0, -1)}${fx.allowed.secret.endsWith('x') ? 'y' : 'x'}` },
        body: '{}',
      });
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const hidden = await fetch(`${fx.serve.gatewayBase}hidden`, { method: 'POST', headers: { authorization: `Bearer ${fx.allowed.secret}` } });
      expect(hidden.status).toBe(404);
      expect((await fetch(`${fx.serve.base}/.well-known/oauth-protected-resource/mcp/hidden`)).status).toBe(404);
    });

    it('binds a session to its principal: another key cannot ride it', async () => {
      const other = fx.home.newKey('other', [{ effect: 'allow', pattern: 'everything:*' }]);
      const { c, transport } = client(fx.allowed.secret);
      await c.connect(transport);
      const sessionId = transport.sessionId!;
      const r = await fetch(`${fx.serve.gatewayBase}everything`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${other.secret}`,
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
      });
      expect(r.status).toBe(403);
      await c.close();
    });

    it('cuts a revoked key off on its next request', async () => {
      const k = fx.home.newKey('soon revoked', [{ effect: 'allow', pattern: 'everything:*' }]);
      const { c, transport } = client(k.secret);
      await c.connect(transport);
      await c.callTool({ name: 'echo', arguments: { message: 'x' } });
      fx.home.core.keys.revoke(k.id);
      const deadline = Date.now() + 1000;
      let error: unknown = null;
      while (!error && Date.now() < deadline) {
        try {
          await c.callTool({ name: 'echo', arguments: { message: 'y' } });
          await new Promise((r) => setTimeout(r, 50));
        } catch (e) {
          error = e;
        }
      }
      expect(String(error)).toMatch(/revoked|401|invalid_token/i);
      await c.close().catch(() => undefined);
    });
  });
});
