// Issue 11, observation 5, at the HTTP gateway: the same classifier as the guard, so the
// two enforcement points agree. Raw POSTs to a real `gatehouse serve` in front of the
// lenient recording server; nothing denied may run, whatever shape carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { ENGINES, serveEngines } from './engine-serve';
import { INIT, poll } from './guard-harness';
import { deniedRuns, makeRecordingHome, type RecordingHome } from './recording-harness';
import { mcpHeaders, startServe, type Serving } from './serve-harness';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  let home: RecordingHome;
  let serve: Serving;
  let secret: string;
  let sentinel = 0;

  beforeAll(async () => {
    home = makeRecordingHome(['rec'], await engines.databaseUrl(engine));
    home.core.exposure.set('rec', { exposed: true, acceptApiKeys: true });
    secret = home.newKey('echo only', [
      { effect: 'allow', pattern: 'rec:echo' },
      { effect: 'allow', pattern: 'rec:ask' },
    ]).secret;
    serve = await startServe(home);
  });
  afterAll(async () => {
    await serve?.stop();
    home?.close();
  });

  async function session(): Promise<string> {
    const r = await fetch(`${serve.gatewayBase}rec`, { method: 'POST', headers: mcpHeaders(secret), body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: INIT }) });
    expect(r.status).toBe(200);
    return r.headers.get('mcp-session-id')!;
  }

  async function post(sessionId: string, body: unknown): Promise<{ status: number; answer: { id?: unknown; error?: { code: number; message: string } } | null }> {
    const r = await fetch(`${serve.gatewayBase}rec`, {
      method: 'POST',
      headers: mcpHeaders(secret, sessionId),
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, answer: text ? JSON.parse(text) : null };
  }

  /** An allowed call: once answered, the server has read every message relayed before it. */
  async function settle(sessionId: string): Promise<void> {
    const done = await post(sessionId, { jsonrpc: '2.0', id: `sentinel-${++sentinel}`, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    expect(done.status).toBe(200);
    expect(done.answer?.error).toBeUndefined();
  }

  const denied = { name: 'secret', arguments: {} };

  describe('gateway: the one classifier', () => {
    it('matches methods exactly: TOOLS/CALL and "tools/call " get Method not found and never run', async () => {
      const s = await session();
      for (const method of ['TOOLS/CALL', 'tools/call ', 'Tools/Call']) {
        const r = await post(s, { jsonrpc: '2.0', id: 7, method, params: denied });
        expect(r.status).toBe(200);
        expect(r.answer).toMatchObject({ id: 7, error: { code: -32601 } });
      }
      await settle(s);
      expect(deniedRuns(home.executed('rec'))).toEqual([]);
    });

    it('drops a tools/call sent as a notification (202, nothing relayed) and audits it', async () => {
      const s = await session();
      const r = await post(s, { jsonrpc: '2.0', method: 'tools/call', params: denied });
      expect(r.status).toBe(202);
      await settle(s);
      expect(deniedRuns(home.executed('rec'))).toEqual([]);
      home.core.audit.flush();
      await poll(
        () => queryAudit(home.core.sql, { server: 'rec', decision: 'denied', limit: 50 }).events.find((e) => e.reason === 'unknown_notification' && e.actor === 'gateway'),
        5000,
        'the audit row of the dropped notification',
      );
    });

    it('refuses a response that answers nothing, a null id and a repeated member with 400, relaying none', async () => {
      const s = await session();
      const stray = await post(s, { jsonrpc: '2.0', id: 'srv-1', result: { name: 'secret' } });
      expect(stray).toMatchObject({ status: 400, answer: { id: null, error: { code: -32600, message: expect.stringMatching(/answers no request/) } } });
      expect((await post(s, { jsonrpc: '2.0', id: null, method: 'tools/call', params: denied })).status).toBe(400);
      const repeated = await post(s, '{"jsonrpc":"2.0","id":3,"method":"tools/list","method":"tools/call","params":{"name":"secret"}}');
      expect(repeated).toMatchObject({ status: 400, answer: { id: 3, error: { code: -32600, message: expect.stringMatching(/appears twice/) } } });
      await settle(s);
      expect(home.executed('rec').filter((e) => e.kind === 'response' || e.name.includes('secret'))).toEqual([]);
    });
  });
});
