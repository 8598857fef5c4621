// The HTTP/1.1 client that reaches remote MCP servers, against servers that write exact
// bytes: framing (Content-Length, chunked, until close), answers split anywhere, keep-alive
// reuse and its limits, and every broken answer an upstream could send.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Client, Http1Error, originOf, type Exchange, type Head } from '../../src-main/core/mcp/http1';

const TLS_DIR = join(__dirname, '../fixtures/tls');

interface Scripted {
  url: URL;
  /** Connections accepted so far. */
  connections: () => number;
  /** Each request's raw bytes, as the server read them (head and body). */
  requests: string[];
  /** Connections closed so far. */
  closedByPeer: () => number;
}

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A server that answers each request (a head, plus a body of Content-Length) with `answer`. */
async function scripted(answer: (request: string, socket: net.Socket, n: number) => void, secure = false): Promise<Scripted> {
  let connections = 0;
  let closedByPeer = 0;
  const requests: string[] = [];
  const onSocket = (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    let buf = '';
    socket.on('close', () => closedByPeer++);
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const request = buf.slice(0, end + 4 + length);
        buf = buf.slice(end + 4 + length);
        requests.push(request);
        answer(request, socket, requests.length);
      }
    });
  };
  const server = secure
    ? tls.createServer({ key: readFileSync(join(TLS_DIR, 'localhost.key')), cert: readFileSync(join(TLS_DIR, 'localhost.crt')) }, onSocket)
    : net.createServer(onSocket);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: new URL(`${secure ? 'https' : 'http'}://127.0.0.1:${port}/mcp`),
    connections: () => connections,
    requests,
    closedByPeer: () => closedByPeer,
  };
}

interface Result {
  head: Head | null;
  body: string;
  ended: boolean;
  error: Error | null;
}

function call(client: Http1Client, body: string | null = '{"jsonrpc":"2.0","id":1,"method":"ping"}', method = 'POST', headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Result> {
  return new Promise((resolve) => {
    const r: Result = { head: null, body: '', ended: false, error: null };
    client.request(method, '/mcp', headers, body === null ? null : Buffer.from(body), {
      error: (e) => resolve({ ...r, error: e }),
      head: (h) => {
        r.head = h;
        return {
          data: (c) => (r.body += c.toString('utf8')),
          end: () => resolve({ ...r, ended: true }),
          error: (e) => resolve({ ...r, error: e }),
        };
      },
    });
  });
}

const json = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('Http1Client', () => {
  it('sends head and body as one request, reads a Content-Length answer, and reuses the connection', async () => {
    const s = await scripted((_, socket, n) => socket.write(json(`{"n":${n}}`, 'Mcp-Session-Id: abc\r\n')));
    const client = new Http1Client(originOf(s.url));
    const one = await call(client);
    const two = await call(client);
    expect(one).toMatchObject({ ended: true, body: '{"n":1}', head: { status: 200, headers: { 'mcp-session-id': 'abc', 'content-type': 'application/json' } } });
    expect(two.body).toBe('{"n":2}');
    expect(s.connections()).toBe(1);
    expect(s.requests[0]).toBe(
      `POST /mcp HTTP/1.1\r\nHost: ${s.url.host}\r\ncontent-type: application/json\r\nContent-Length: 40\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"ping"}`,
    );
    client.close();
  });

  it('reads a chunked answer split anywhere (every third byte), with extensions and trailers', async () => {
    const chunk = (text: string, ext = '') => `${Buffer.byteLength(text).toString(16)}${ext}\r\n${text}\r\n`;
    const answer =
      'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n' +
      chunk('event: ', ';ext=1') + chunk('message\ndata: {"a":1}\n') + '0\r\nX-Trailer: yes\r\n\r\n';
    for (let split = 1; split < answer.length; split += 3) {
      const s = await scripted((_, socket) => {
        socket.write(answer.slice(0, split));
        setTimeout(() => socket.write(answer.slice(split)), 2);
      });
      const client = new Http1Client(originOf(s.url));
      const r = await call(client);
      expect(r, `split at ${split}`).toMatchObject({ ended: true, body: 'event: message\ndata: {"a":1}\n', error: null });
      // The connection stays usable after the trailers.
      expect((await call(client)).ended).toBe(true);
      expect(s.connections()).toBe(1);
      client.close();
    }
  });

  it('skips 100 Continue and 103 Early Hints before the answer', async () => {
    const s = await scripted((_, socket) => socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n' + json('{}')));
    const client = new Http1Client(originOf(s.url));
    expect(await call(client)).toMatchObject({ ended: true, body: '{}', head: { status: 200 } });
    client.close();
  });

  it('ends an answer without a body (202, 204) at its head and keeps the connection', async () => {
    const s = await scripted((_, socket, n) => socket.write(n === 1 ? 'HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n' : 'HTTP/1.1 204 No Content\r\n\r\n'));
    const client = new Http1Client(originOf(s.url));
    expect(await call(client)).toMatchObject({ ended: true, body: '', head: { status: 202 } });
    expect(await call(client)).toMatchObject({ ended: true, body: '', head: { status: 204 } });
    expect(s.connections()).toBe(1);
    client.close();
  });

  it('drops a body nobody wants (head answered null) and keeps the connection for the next request', async () => {
    const s = await scripted((_, socket, n) =>
      socket.write(n === 1 ? 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"error":"nope"}' : json('{"n":2}')),
    );
    const client = new Http1Client(originOf(s.url));
    const status = await new Promise<number>((resolve) =>
      client.request('POST', '/mcp', {}, Buffer.from('{}'), {
        error: () => resolve(-1),
        head: (h) => (resolve(h.status), null),
      }),
    );
    expect(status).toBe(404);
    expect((await call(client)).body).toBe('{"n":2}');
    expect(s.connections()).toBe(1);
    client.close();
  });

  it('answers concurrent requests on their own connections, then reuses both', async () => {
    const s = await scripted((request, socket) => {
      const id = /"id":(\d+)/.exec(request)![1];
      setTimeout(() => socket.write(json(`{"id":${id}}`)), 10);
    });
    const client = new Http1Client(originOf(s.url));
    const body = (id: number) => `{"jsonrpc":"2.0","id":${id},"method":"ping"}`;
    const first = await Promise.all([call(client, body(1)), call(client, body(2))]);
    expect(first.map((r) => r.body)).toEqual(['{"id":1}', '{"id":2}']);
    const second = await Promise.all([call(client, body(3)), call(client, body(4))]);
    expect(second.map((r) => r.body)).toEqual(['{"id":3}', '{"id":4}']);
    expect(s.connections()).toBe(2);
    client.close();
  });

  it('does not reuse a connection the server closes, or one it says to drop at once', async () => {
    const close = await scripted((_, socket) => socket.write(json('{}', 'Connection: close\r\n')));
    const a = new Http1Client(originOf(close.url));
    await call(a);
    await call(a);
    expect(close.connections()).toBe(2);
    const short = await scripted((_, socket) => socket.write(json('{}', 'Keep-Alive: timeout=1\r\n')));
    const b = new Http1Client(originOf(short.url));
    await call(b);
    await call(b);
    expect(short.connections()).toBe(2); // timeout=1: kept for 1 s less a second of margin
  });

  it('opens a new connection when the server has dropped the idle one', async () => {
    const s = await scripted((_, socket) => {
      socket.write(json('{}'));
      setTimeout(() => socket.end(), 5);
    });
    const client = new Http1Client(originOf(s.url));
    await call(client);
    // Closed on both sides: the client has seen the server's FIN and dropped the connection.
    await expect.poll(() => s.closedByPeer()).toBe(1);
    expect(await call(client)).toMatchObject({ ended: true, error: null });
    expect(s.connections()).toBe(2);
    client.close();
  });

  it('reads a body delimited by the end of the connection', async () => {
    const s = await scripted((_, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"until":"close"}'));
    const client = new Http1Client(originOf(s.url));
    expect(await call(client)).toMatchObject({ ended: true, body: '{"until":"close"}' });
    client.close();
  });

  it.each([
    ['a status line that is not HTTP/1.x', 'HTP/1.1 200 OK\r\n\r\n'],
    ['a header line without a name', 'HTTP/1.1 200 OK\r\n: x\r\n\r\n'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n  2\r\nContent-Length: 0\r\n\r\n'],
    ['a Content-Length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    ['101 Switching Protocols, unasked', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
    ['a head over 64 KiB', `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
  ])('refuses %s with a clear error', async (_, answer) => {
    const s = await scripted((__, socket) => socket.write(answer));
    const client = new Http1Client(originOf(s.url));
    const r = await call(client);
    expect(r.head).toBeNull();
    expect(r.error).toBeInstanceOf(Http1Error);
    expect(r.error).toMatchObject({ code: 'HPE_INVALID', message: expect.stringMatching(/^the server's answer is not valid HTTP: /) });
  });

  it('refuses a chunk size that is not hexadecimal, after the head', async () => {
    const s = await scripted((_, socket) => socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'));
    const r = await call(new Http1Client(originOf(s.url)));
    expect(r.head?.status).toBe(200);
    expect(r.error).toMatchObject({ code: 'HPE_INVALID', message: expect.stringContaining('chunk size') });
  });

  it('never reuses a connection after Content-Length beside Transfer-Encoding, or after bytes past the answer', async () => {
    const smuggle = await scripted((_, socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'),
    );
    const a = new Http1Client(originOf(smuggle.url));
    expect(await call(a)).toMatchObject({ ended: true, body: '{}' });
    await call(a);
    expect(smuggle.connections()).toBe(2);
    const extra = await scripted((_, socket) => socket.write(json('{}') + 'HTTP/1.1 200 OK\r\n'));
    const b = new Http1Client(originOf(extra.url));
    expect(await call(b)).toMatchObject({ ended: true, body: '{}' });
    await call(b);
    expect(extra.connections()).toBe(2);
  });

  it('reports a connection that closes in the middle of the answer', async () => {
    const s = await scripted((_, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"half'));
    const r = await call(new Http1Client(originOf(s.url)));
    expect(r).toMatchObject({ ended: false, body: '{"half', error: { code: 'ECONNRESET', message: 'the connection closed in the middle of the answer' } });
    const before = await scripted((_, socket) => socket.end());
    expect((await call(new Http1Client(originOf(before.url)))).error).toMatchObject({ code: 'ECONNRESET', message: 'the connection closed before an answer' });
  });

  it('reports a server that is not there with its code', async () => {
    const s = await scripted(() => undefined);
    const url = new URL(s.url);
    await new Promise((r) => servers.pop()!.close(r));
    expect((await call(new Http1Client(originOf(url)))).error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a header that would split the request, and sends nothing', async () => {
    const s = await scripted((_, socket) => socket.write(json('{}')));
    const client = new Http1Client(originOf(s.url));
    expect(() => client.request('POST', '/mcp', { 'x-a': 'one\r\nx-injected: two' }, Buffer.from('{}'), { head: () => null, error: () => undefined })).toThrow(
      /invalid characters in the value of header x-a/,
    );
    expect(() => client.request('POST', '/mcp', { 'x a': 'b' }, null, { head: () => null, error: () => undefined })).toThrow(/invalid header name/);
    await new Promise((r) => setTimeout(r, 30));
    expect(s.connections()).toBe(0);
  });

  it('stops at abort(): no more data, and the connection closes', async () => {
    const s = await scripted((_, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n');
      const more = setInterval(() => socket.writable && socket.write('4\r\nmore\r\n'), 5);
      socket.on('close', () => clearInterval(more));
    });
    const client = new Http1Client(originOf(s.url));
    const chunks: string[] = [];
    let exchange!: Exchange;
    await new Promise<void>((resolve) => {
      exchange = client.request('GET', '/mcp', { accept: 'text/event-stream' }, null, {
        error: () => chunks.push('error'),
        head: () => ({
          data: (c) => {
            chunks.push(c.toString());
            resolve();
          },
          end: () => chunks.push('end'),
          error: () => chunks.push('error'),
        }),
      });
    });
    exchange.abort();
    await expect.poll(() => s.closedByPeer()).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(chunks).toEqual(['first']);
  });

  it('speaks TLS, checking the certificate against the CAs it trusts', async () => {
    const s = await scripted((_, socket) => socket.write(json('{"secure":true}')), true);
    const trusting = new Http1Client(originOf(s.url), { ca: readFileSync(join(TLS_DIR, 'localhost.crt')) });
    expect(await call(trusting)).toMatchObject({ ended: true, body: '{"secure":true}' });
    expect(await call(trusting)).toMatchObject({ ended: true });
    expect(s.connections()).toBe(1);
    trusting.close();
    const r = await call(new Http1Client(originOf(s.url)));
    expect(r.head).toBeNull();
    expect(r.error?.message).toMatch(/self[- ]signed/i);
  });

  it('takes only http and https URLs', () => {
    expect(() => originOf(new URL('ftp://example.com/'))).toThrow(/not an http\(s\) URL/);
    expect(originOf(new URL('https://[::1]/mcp'))).toEqual({ tls: true, hostname: '::1', port: 443, host: '[::1]' });
  });
});
