// startRemote: Gatehouse's streamable-HTTP client for a remote MCP server, against a
// scripted node:http server.
import type http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { VERSION } from '../../src-main/core/version';
import { INIT, INIT_RESULT, json, scriptedUpstreams, sessionHandler, WAIT } from '../helpers/scripted-upstream';

const { upstreamServer: scripted, connect } = scriptedUpstreams();
const SHORT_WAIT = { timeout: 1500, interval: 10 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Each server here speaks 2025 and answers the era probe (server/discover) as a 2025-11-25
// SDK server does; the probe is kept out of `seen` (remote-eras.test.ts is about it).
const upstreamServer = scripted;

describe('startRemote (streamable HTTP client)', () => {
  it('POSTs initialize as is with the vault headers, delivers the answer as one line, then sends session and protocol headers', async () => {
    const { url, seen } = await upstreamServer(sessionHandler());
    const c = connect(url);
    const initBytes = '{"jsonrpc":"2.0", "id":0, "method":"initialize", "params":{"protocolVersion":"2025-06-18"}}';
    c.send(initBytes);
    await vi.waitFor(() => expect(c.raw).toHaveLength(1), WAIT);
    expect(c.raw[0]).toBe(JSON.stringify(INIT_RESULT) + '\n'); // pretty-printed upstream, one line here
    const init = seen[0]!;
    expect(init.method).toBe('POST');
    expect(init.body).toBe(initBytes);
    expect(init.headers['content-type']).toBe('application/json');
    expect(init.headers.accept).toBe('application/json, text/event-stream');
    expect(init.headers.authorization).toBe('Bearer upstream-secret');
    expect(init.headers['user-agent']).toBe(`Gatehouse/${VERSION}`);
    expect(init.headers['mcp-session-id']).toBeUndefined();
    expect(init.headers['mcp-protocol-version']).toBeUndefined();

    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await vi.waitFor(() => expect(seen.some((s) => s.method === 'GET')).toBe(true), WAIT);
    c.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    await vi.waitFor(() => expect(c.raw).toHaveLength(2), WAIT);
    expect(c.lines()[1]).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    const later = seen.slice(1);
    expect(later.map((s) => `${s.method} ${s.json?.method ?? ''}`.trim())).toEqual(['POST notifications/initialized', 'GET', 'POST tools/list']);
    for (const s of later) {
      expect(s.headers['mcp-session-id']).toBe('sess-1');
      expect(s.headers['mcp-protocol-version']).toBe('2025-03-26');
      expect(s.headers.authorization).toBe('Bearer upstream-secret');
    }
    expect(c.gone).toEqual([]);
  });

  it('delivers an answer given as an event stream in order, one line per event', async () => {
    const progress = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 't', progress: 1 } };
    const answer = { jsonrpc: '2.0', id: 3, result: { content: [] } };
    const { url } = await upstreamServer(
      sessionHandler((_s, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`: keepalive\n\nevent: message\nid: 1\ndata: ${JSON.stringify(progress)}\n\n`);
        setTimeout(() => res.end(`id: 2\ndata: ${JSON.stringify(answer, null, 2).split('\n').join('\ndata: ')}\n\n`), 20);
      }),
    );
    const c = connect(url);
    await c.initialize();
    c.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'x', _meta: { progressToken: 't' } } });
    await vi.waitFor(() => expect(c.raw).toHaveLength(3), SHORT_WAIT);
    expect(c.raw.slice(1)).toEqual([JSON.stringify(progress) + '\n', JSON.stringify(answer) + '\n']);
  });

  it('opens the GET stream after initialized is accepted (202), and does not retry a 405', async () => {
    const { url, seen } = await upstreamServer(sessionHandler());
    const c = connect(url);
    await c.initialize();
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(0);
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await vi.waitFor(() => expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1), WAIT);
    const get = seen.find((s) => s.method === 'GET')!;
    expect(get.headers.accept).toBe('text/event-stream');
    expect(get.headers['mcp-session-id']).toBe('sess-1');
    expect(get.headers.authorization).toBe('Bearer upstream-secret');
    // The stream's own word that the 405 ends it for good: no reopening is scheduled.
    await vi.waitFor(() => expect(c.streamEvents).toContainEqual({ kind: 'refused', status: 405 }), WAIT);
    expect(c.streamEvents.filter((e) => e.kind === 'ended' && e.reopenInMs !== null)).toEqual([]);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
    expect(c.raw).toHaveLength(1); // a 202 and a 405 give no line
    expect(c.gone).toEqual([]);
  });

  it('reopens a GET stream the server ended, after each delay of its backoff while it cannot connect, then gives up', async () => {
    let gets = 0;
    const { url, seen } = await upstreamServer((s, res, req) => {
      if (s.method === 'GET' && ++gets === 1) return void res.writeHead(200, { 'content-type': 'text/event-stream' }).end(': bye\n\n');
      if (s.method === 'GET') return void req.socket.destroy();
      sessionHandler()(s, res, req);
    });
    const c = connect(url, undefined, undefined, [5, 10]); // 1 s and 2 s in use: shortened here, the schedule kept
    await c.initialize();
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await vi.waitFor(() => expect(c.streamEvents).toContainEqual({ kind: 'ended', reopenInMs: null }), WAIT);
    expect(c.streamEvents).toEqual([
      { kind: 'ended', reopenInMs: 5 },
      { kind: 'ended', reopenInMs: 10 },
      { kind: 'ended', reopenInMs: null },
    ]);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(3);
  });

  it('delivers what the server writes on the GET stream', async () => {
    const got: { stream?: http.ServerResponse } = {};
    const { url } = await upstreamServer((s, res, req) => {
      if (s.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        got.stream = res;
        return;
      }
      sessionHandler()(s, res, req);
    });
    const c = connect(url);
    await c.initialize();
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await vi.waitFor(() => expect(got.stream).toBeDefined(), WAIT);
    const stream = got.stream!;
    stream.write('id: a1\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\n');
    stream.write(': ping\n\n');
    stream.write('data: {"jsonrpc":"2.0","id":"srv-1","method":"ping"}\n\n');
    await vi.waitFor(() => expect(c.raw).toHaveLength(3), SHORT_WAIT);
    expect(c.lines().slice(1)).toEqual([
      { jsonrpc: '2.0', method: 'notifications/tools/list_changed' },
      { jsonrpc: '2.0', id: 'srv-1', method: 'ping' },
    ]);
  });

  it.each([
    [500, 'internal trouble'],
    [400, 'Bad Request: no such tool'],
  ])('answers a request given HTTP %i with an error line for its id, and keeps working', async (status, text) => {
    const { url } = await upstreamServer(
      sessionHandler((s, res) => {
        if (s.json?.id === 5) return void res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
        json(res, { jsonrpc: '2.0', id: s.json?.id, result: { ok: true } });
      }),
    );
    const c = connect(url);
    await c.initialize();
    c.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'x' } });
    await vi.waitFor(() => expect(c.raw).toHaveLength(2), WAIT);
    const err = c.lines()[1]!;
    expect(err.id).toBe(5);
    expect(err.error!.code).toBe(-32000);
    expect(err.error!.message).toContain('up');
    expect(err.error!.message).toContain(`HTTP ${status}`);
    expect(err.error!.message).toContain(text);
    c.send({ jsonrpc: '2.0', id: 6, method: 'tools/list' });
    await vi.waitFor(() => expect(c.raw).toHaveLength(3), WAIT);
    expect(c.lines()[2]).toEqual({ jsonrpc: '2.0', id: 6, result: { ok: true } });
    expect(c.gone).toEqual([]);
  });

  it('does not follow a redirect: an error line names it', async () => {
    const { url, seen } = await upstreamServer((_s, res) => {
      res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    });
    const c = connect(url);
    await c.initialize();
    const err = c.lines()[0]!;
    expect(err.id).toBe(0);
    expect(err.error!.code).toBe(-32000);
    expect(err.error!.message).toContain('redirected (HTTP 307) to http://127.0.0.1:1/elsewhere');
    await sleep(50);
    expect(seen).toHaveLength(1);
    expect(c.gone).toEqual([]);
  });

  it('reports the upstream gone on a 404 once a session was established', async () => {
    const { url } = await upstreamServer(sessionHandler((_s, res) => void res.writeHead(404).end('no such session')));
    const c = connect(url);
    await c.initialize();
    c.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    await vi.waitFor(() => expect(c.gone).toHaveLength(1), WAIT);
    expect(c.gone[0]).toMatch(/up ended the session \(HTTP 404\)/);
    expect(c.raw).toHaveLength(1); // no error line besides: the gateway answers what is pending
  });

  it('answers with an error line when the server cannot be reached', async () => {
    const { url, server, forget } = await upstreamServer(() => undefined);
    forget();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const c = connect(url);
    c.send(INIT);
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' }); // no id: nothing to answer
    await vi.waitFor(() => expect(c.raw).toHaveLength(1), WAIT);
    const err = c.lines()[0]!;
    expect(err.id).toBe(0);
    expect(err.error!.code).toBe(-32000);
    expect(err.error!.message).toMatch(/up could not be reached: ECONNREFUSED/);
    await sleep(50);
    expect(c.raw).toHaveLength(1);
    expect(c.gone).toEqual([]);
  });

  const BIG = { jsonrpc: '2.0', id: 4, result: { text: 'x'.repeat(5000) } };
  const bigHandler = sessionHandler((s, res) => {
    if (s.json?.id === 4) return json(res, BIG);
    json(res, { jsonrpc: '2.0', id: s.json?.id, result: {} });
  });
  /** A session with maxMessageBytes 1000 that asked for BIG (id 4) and was told it is oversize. */
  async function askedForTheBigAnswer() {
    const { url } = await upstreamServer(bigHandler);
    const c = connect(url, 1000);
    await c.initialize();
    c.send({ jsonrpc: '2.0', id: 4, method: 'tools/call' });
    await vi.waitFor(() => expect(c.oversize).toHaveLength(1), WAIT);
    return c;
  }

  it('reports a JSON answer over maxMessageBytes as oversize (with its id in the head), and keeps working', async () => {
    const c = await askedForTheBigAnswer();
    expect(c.oversize[0]!.total).toBeGreaterThan(1000);
    expect(c.oversize[0]!.head.startsWith('{"jsonrpc":"2.0","id":4')).toBe(true);
    c.send({ jsonrpc: '2.0', id: 5, method: 'tools/list' });
    await vi.waitFor(() => expect(c.raw.some((l) => l.includes('"id":5'))).toBe(true), WAIT);
    expect(c.raw.filter((l) => l.includes('"id":4'))).toEqual([]);
    expect(c.oversize).toHaveLength(1);
    expect(c.gone).toEqual([]);
  });

  // Known bug: readJson destroys the answer on oversize but its 'end' handler still runs
  // when the whole body came in one chunk, delivering an empty line ("\n") after the oversize.
  it('delivers no line at all for a JSON answer over maxMessageBytes', async () => {
    const c = await askedForTheBigAnswer();
    await sleep(100);
    expect(c.raw).toHaveLength(1);
  });

  it('close() sends DELETE with the session id and ends the GET stream', async () => {
    let streamClosed = false;
    const { url, seen } = await upstreamServer((s, res, req) => {
      if (s.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        req.socket.on('close', () => (streamClosed = true));
        return;
      }
      sessionHandler()(s, res, req);
    });
    const c = connect(url);
    await c.initialize();
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await vi.waitFor(() => expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1), WAIT);
    await sleep(20);
    c.up.close();
    await vi.waitFor(() => expect(seen.filter((s) => s.method === 'DELETE')).toHaveLength(1), WAIT);
    const del = seen.find((s) => s.method === 'DELETE')!;
    expect(del.headers['mcp-session-id']).toBe('sess-1');
    expect(del.headers.authorization).toBe('Bearer upstream-secret');
    await vi.waitFor(() => expect(streamClosed).toBe(true), WAIT);
    // Closed (a closed stream never opens again), and no reopening was scheduled: the stream
    // said so, no retry delay is slept past.
    expect(c.streamEvents).toEqual([{ kind: 'closed' }]);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1);
    c.send({ jsonrpc: '2.0', id: 9, method: 'tools/list' }); // after close: not sent
    await sleep(50);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(2);
    expect(c.gone).toEqual([]);
  });
});
