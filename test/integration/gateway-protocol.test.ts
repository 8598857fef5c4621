// The gateway's own streamable-HTTP server side, spoken to byte by byte (the SDK client
// never sends what is refused here), against the real server-everything over stdio.
import { describe, expect, it } from 'vitest';
import { ENGINES, serveEngines, servedHome } from './engine-serve';
import { EVERYTHING } from './guard-harness';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  const fx = servedHome(engines, engine, [{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }], (home) => {
    home.core.exposure.set('everything', { exposed: true, acceptApiKeys: true });
    return { secret: home.newKey('raw client', [{ effect: 'allow', pattern: 'everything:*' }]).secret };
  });
  const url = () => `${fx.serve.gatewayBase}everything`;

  const JSON_AND_SSE = 'application/json, text/event-stream';

  function headers(session?: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      authorization: `Bearer ${fx.secret}`,
      'content-type': 'application/json',
      accept: JSON_AND_SSE,
      'mcp-protocol-version': '2025-11-25',
      ...(session ? { 'mcp-session-id': session } : {}),
      ...extra,
    };
  }

  const post = (body: unknown, session?: string, extra?: Record<string, string>) =>
    fetch(url(), { method: 'POST', headers: headers(session, extra), body: typeof body === 'string' ? body : JSON.stringify(body) });

  async function initialize(capabilities: Record<string, unknown> = {}): Promise<string> {
    const r = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'raw', version: '1' } },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect((await r.json()).result.serverInfo.name).toBeTruthy();
    const session = r.headers.get('mcp-session-id')!;
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const ack = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
    expect(ack.status).toBe(202);
    expect(await ack.text()).toBe('');
    return session;
  }

  /** Reads SSE events from a response until `until` says stop (with a deadline). */
  async function events(r: Response, until: (e: { data: Record<string, unknown> }[]) => boolean, ms = 5000) {
    const reader = r.body!.getReader();
    const got: { data: Record<string, unknown> }[] = [];
    let buffer = '';
    const deadline = Date.now() + ms;
    while (!until(got)) {
      if (Date.now() > deadline) throw new Error(`no such events within ${ms} ms; got ${JSON.stringify(got)}`);
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, no) => setTimeout(() => no(new Error('SSE read timed out')), ms))]);
      if (chunk.done) break;
      buffer += new TextDecoder().decode(chunk.value);
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) got.push({ data: JSON.parse(data.slice(6)) });
      }
    }
    await reader.cancel();
    return got;
  }

  describe('gateway streamable HTTP, byte by byte', () => {
    it('initializes a session, answers a request as one JSON body, accepts a notification with 202', async () => {
      const session = await initialize();
      const r = await post({ jsonrpc: '2.0', id: 'list-1', method: 'tools/list' }, session);
      expect(r.status).toBe(200);
      expect(r.headers.get('mcp-session-id')).toBe(session);
      const body = await r.json();
      expect(body.id).toBe('list-1');
      expect(body.result.tools.map((t: { name: string }) => t.name)).toContain('echo');
    });

    it('relays a pretty-printed body to a stdio server as one line', async () => {
      const session = await initialize();
      const pretty = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'two\nlines' } } }, null, 2);
      const r = await post(pretty, session);
      expect(r.status).toBe(200);
      expect(JSON.stringify((await r.json()).result.content)).toContain('two\\nlines');
    });

    it('streams the progress of a request that asked for it on its own POST, then its answer', async () => {
      const session = await initialize();
      const r = await post(
        { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 }, _meta: { progressToken: 'p-3' } } },
        session,
      );
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/event-stream');
      const got = await events(r, (e) => e.some((x) => x.data.id === 3));
      const progress = got.filter((e) => e.data.method === 'notifications/progress');
      expect(progress.map((e) => (e.data.params as { progress: number }).progress)).toEqual([1, 2, 3]);
      expect(JSON.stringify(got.at(-1)!.data.result)).toContain('Long running operation completed');
    });

    it('opens one GET stream per session for server messages; a second gets 409', async () => {
      const session = await initialize();
      const stream = await fetch(url(), { headers: { ...headers(session), accept: 'text/event-stream' } });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      const second = await fetch(url(), { headers: { ...headers(session), accept: 'text/event-stream' } });
      expect(second.status).toBe(409);
      // Logging on: server-everything sends notifications/message unrelated to any request.
      const on = await post({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'toggle-simulated-logging', arguments: {} } }, session);
      expect(on.status).toBe(200);
      const got = await events(stream, (e) => e.some((x) => x.data.method === 'notifications/message'), 30_000);
      expect(got.find((x) => x.data.method === 'notifications/message')).toBeTruthy();
    }, 40_000);

    it('sends a server request made during a call on that call\'s own stream when no GET stream is open, and takes its answer', async () => {
      // A client that calls at once after initialize, before (or without) its GET stream:
      // server-everything asks it for input mid-call (elicitation/create).
      const session = await initialize({ elicitation: {} });
      const r = await post({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'trigger-elicitation-request', arguments: {} } }, session);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/event-stream');
      const reader = r.body!.getReader();
      let seen = '';
      const next = async (test: (text: string) => boolean) => {
        while (!test(seen)) {
          const chunk = await reader.read();
          if (chunk.done) throw new Error(`stream ended: ${seen}`);
          seen += new TextDecoder().decode(chunk.value);
        }
      };
      await next((t) => t.includes('elicitation/create'));
      const ask = JSON.parse(seen.split('\n').find((l) => l.includes('elicitation/create'))!.slice('data: '.length)) as { id: number | string };
      const answer = await post({ jsonrpc: '2.0', id: ask.id, result: { action: 'decline' } }, session);
      expect(answer.status).toBe(202);
      await next((t) => t.includes('"id":6'));
      expect(seen).toContain('User declined to provide the requested information');
      await reader.cancel();
    });

    it('DELETE ends the session: its next request gets 404', async () => {
      const session = await initialize();
      const del = await fetch(url(), { method: 'DELETE', headers: headers(session) });
      expect(del.status).toBe(200);
      const after = await post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, session);
      expect(after.status).toBe(404);
      expect((await after.json()).error.code).toBe(-32001);
    });

    it('refuses what the transport does not allow, each with its status and a JSON-RPC error', async () => {
      const session = await initialize();
      const cases: [string, Promise<Response>, number, number][] = [
        ['no session id', post({ jsonrpc: '2.0', id: 6, method: 'tools/list' }), 400, -32000],
        ['an unknown session', post({ jsonrpc: '2.0', id: 7, method: 'tools/list' }, '00000000-0000-4000-8000-000000000000'), 404, -32001],
        ['initialize twice', post({ jsonrpc: '2.0', id: 8, method: 'initialize', params: {} }, session), 400, -32600],
        ['text/plain', post({ jsonrpc: '2.0', id: 9, method: 'tools/list' }, session, { 'content-type': 'text/plain' }), 415, -32000],
        ['accepts only HTML', post({ jsonrpc: '2.0', id: 10, method: 'tools/list' }, session, { accept: 'text/html' }), 406, -32000],
        ['a batch', post([{ jsonrpc: '2.0', id: 11, method: 'tools/list' }], session), 400, -32600],
        ['not JSON', post('{"jsonrpc":', session), 400, -32700],
        ['not JSON-RPC', post({ hello: 'world' }, session), 400, -32600],
        ['a bad protocol version', post({ jsonrpc: '2.0', id: 12, method: 'tools/list' }, session, { 'mcp-protocol-version': 'latest' }), 400, -32000],
        ['GET without an event stream', fetch(url(), { headers: { ...headers(session), accept: 'application/json' } }), 406, -32000],
        ['GET without a session', fetch(url(), { headers: { ...headers(), accept: 'text/event-stream' } }), 400, -32000],
        ['PUT', fetch(url(), { method: 'PUT', headers: headers(session), body: '{}' }), 405, -32000],
      ];
      for (const [what, pending, status, code] of cases) {
        const r = await pending;
        expect({ what, status: r.status }).toEqual({ what, status });
        expect({ what, code: (await r.json()).error?.code }).toEqual({ what, code });
      }
      // The session survived every refusal.
      expect((await post({ jsonrpc: '2.0', id: 13, method: 'ping' }, session)).status).toBe(200);
    });
  });
});
