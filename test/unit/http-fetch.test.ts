// The gateway's upstream fetch: node:http for POSTs, the global fetch for the rest.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamFetch } from '../../src-main/core/mcp/http-fetch';

let server: http.Server;
let base: string;
const seen: { method: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method!, headers: req.headers, body });
      if (req.url === '/json') {
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 's-1' });
        res.end(JSON.stringify({ echoed: body }));
      } else if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"n":1}\n\n');
        setTimeout(() => res.end('data: {"n":2}\n\n'), 50);
      } else if (req.url === '/accepted') {
        res.writeHead(202).end();
      } else if (req.url === '/moved') {
        res.writeHead(307, { location: '/json' }).end();
      } else if (req.url === '/never') {
        // Answers nothing: the caller's signal must end the wait.
      } else {
        res.writeHead(404).end('not here');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const post = (path: string, init: RequestInit = {}) =>
  upstreamFetch(new URL(path, base), { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"ping"}', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer up' }, ...init });

describe('upstreamFetch', () => {
  it('POSTs the body with the headers and gives back status, headers and body', async () => {
    const r = await post('/json');
    expect(r.status).toBe(200);
    expect(r.headers.get('mcp-session-id')).toBe('s-1');
    expect(await r.json()).toEqual({ echoed: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    const last = seen.at(-1)!;
    expect(last.headers.authorization).toBe('Bearer up');
    expect(last.headers['content-length']).toBe('40');
  });

  it('streams an event-stream answer as it arrives', async () => {
    const r = await post('/sse');
    const reader = r.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('{"n":1}');
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain('{"n":2}');
  });

  it('gives 202 without a body, and an error status as it is', async () => {
    const accepted = await post('/accepted');
    expect(accepted.status).toBe(202);
    expect(accepted.body).toBeNull();
    const missing = await post('/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not here');
  });

  it('follows a redirect the way fetch does', async () => {
    const r = await post('/moved');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ echoed: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  });

  it('ends a request when its signal aborts, and refuses an aborted signal at once', async () => {
    const ac = new AbortController();
    const pending = post('/never', { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('session closed')), 30);
    await expect(pending).rejects.toThrow('session closed');
    await expect(post('/json', { signal: AbortSignal.abort(new Error('already gone')) })).rejects.toThrow('already gone');
  });

  it('leaves GET (the event stream) to the global fetch', async () => {
    const r = await upstreamFetch(`${base}/json`, { method: 'GET' });
    expect(r.status).toBe(200);
    expect(seen.at(-1)!.method).toBe('GET');
  });

  it('adds no listener that outlives a request to a long-lived signal', async () => {
    const session = new AbortController();
    for (let i = 0; i < 50; i++) await (await post('/json', { signal: session.signal })).json();
    expect(EventEmitter.getEventListeners(session.signal, 'abort')).toHaveLength(0);
  });
});
