// The upstream HTTP client, measured against the kept library that could replace it
// (issue 16: undici's Client) and against node:http, in the same run, on loopback:
// POST a 200-byte JSON-RPC body to a server that answers 300 bytes of JSON, one at a
// time over one keep-alive connection, as the gateway does for each tools/call.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { Http1Client, originOf } from '../../src-main/core/mcp/http1';
import { figure, percentile, type Bench } from './figures';

const ROUNDS = 4000;
const WARMUP = 500;
const BODY = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'x'.repeat(120) } } }));
const ANSWER = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'y'.repeat(230) }] } }));
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

type Post = () => Promise<void>;

function ownClient(url: URL): { post: Post; close(): void } {
  const client = new Http1Client(originOf(url));
  const post: Post = () =>
    new Promise((resolve, reject) => {
      client.request('POST', url.pathname, HEADERS, BODY, {
        head: () => ({ data: () => undefined, end: resolve, error: reject }),
        error: reject,
      });
    });
  return { post, close: () => client.close() };
}

function undiciClient(url: URL): { post: Post; close(): void } {
  const client = new Client(url.origin, { pipelining: 1 });
  const post: Post = async () => {
    const res = await client.request({ method: 'POST', path: url.pathname, headers: HEADERS, body: BODY });
    await res.body.arrayBuffer();
  };
  return { post, close: () => void client.close() };
}

function nodeHttp(url: URL): { post: Post; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post: Post = () =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { ...HEADERS, 'content-length': BODY.length } }, (res) => {
        res.on('data', () => undefined);
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(BODY);
    });
  return { post, close: () => agent.destroy() };
}

async function timeRounds(post: Post): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await post();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = process.hrtime.bigint();
    await post();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

export const upstreamClient: Bench = async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': ANSWER.length }).end(ANSWER));
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  const p50: Record<string, number[]> = { own: [], undici: [], http: [] };
  try {
    // Three alternating rounds per client, so a noisy spell hits all three alike.
    for (let round = 0; round < 3; round++) {
      for (const [name, make] of [['own', ownClient], ['undici', undiciClient], ['http', nodeHttp]] as const) {
        const c = make(url);
        p50[name]!.push(percentile(await timeRounds(c.post), 50));
        c.close();
      }
    }
  } finally {
    server.close();
  }
  const best = (name: string) => Math.min(...p50[name]!);
  return {
    upstream_http1_post_p50_us: figure(best('own') * 1000, 'us', 200, 'lower'),
    upstream_undici_post_p50_us: figure(best('undici') * 1000, 'us', 200, 'lower'),
    upstream_node_http_post_p50_us: figure(best('http') * 1000, 'us', 200, 'lower'),
  };
};
