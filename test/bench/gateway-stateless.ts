// The gateway's cost for 2026-07-28 (stateless) clients against a direct call in the same
// run: a server of that era only (test/fixtures/servers/modern-only.mjs) called directly
// and through `gatehouse serve`'s /mcp/<server>, each call a plain POST with no initialize
// and no session (the same HTTP client both ways: fetch).
// - gateway_stateless_added_p50_ms: median call through the gateway minus median direct call.
// - gateway_stateless_calls_per_s: autocannon, 20 connections, stateless tools/call through
//   the gateway to that server; beside it gateway_stateless_direct_calls_per_s, the same
//   load straight at the server, and gateway_stateless_stdio_calls_per_s, the same load on a
//   stdio echo server behind the gateway (its shared pool: at most two processes).
import autocannon from 'autocannon';
import { figure, percentile, type Bench } from './figures';
import { withBenchGateway } from './gateway';

const CALLS = 1000;
const BLOCK = 100;
const CONNECTIONS = 20;
const LOAD_MS = 3000;
const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
export const BODY = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'x' }, _meta: META } });

export function headers(token?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': 'echo',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

async function latencies(url: string, token: string | undefined, n: number): Promise<number[]> {
  const out: number[] = [];
  const h = headers(token);
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const r = await fetch(url, { method: 'POST', headers: h, body: BODY });
    const text = await r.text();
    if (r.status !== 200 || !text.includes('"x"')) throw new Error(`stateless call to ${url}: HTTP ${r.status} ${text.slice(0, 200)}`);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/** Stateless tools/call of echo at 20 connections for 3 s: requests per second (`extra`: headers a load balancer would add). */
export async function load(url: string, token?: string, extra: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: LOAD_MS / 1000, method: 'POST', headers: { ...headers(token), ...extra }, body: BODY });
  if (result.non2xx || result.errors) throw new Error(`stateless load on ${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

export const gatewayStateless: Bench = () =>
  withBenchGateway({ name: 'modern', fixture: 'modern-only.mjs' }, '*:echo', async ({ upstream, gatewayBase, secret }) => {
    const direct = upstream;
    const through = `${gatewayBase}modern`;
    await latencies(direct, undefined, 200);
    await latencies(through, secret, 200);
    // Alternating blocks, so a slow spell of the machine hits both sides alike.
    const d: number[] = [];
    const g: number[] = [];
    for (let done = 0; done < CALLS; done += BLOCK) {
      d.push(...(await latencies(direct, undefined, BLOCK)));
      g.push(...(await latencies(through, secret, BLOCK)));
    }
    d.sort((a, b) => a - b);
    g.sort((a, b) => a - b);
    const directPerS = await load(direct);
    const throughPerS = await load(through, secret);
    const stdioPerS = await load(`${gatewayBase}echo-stdio`, secret);
    return {
      gateway_stateless_added_p50_ms: figure(percentile(g, 50) - percentile(d, 50), 'ms', 1, 'lower'),
      gateway_stateless_calls_per_s: figure(throughPerS, 'per_s', 2000, 'higher'),
      gateway_stateless_direct_calls_per_s: figure(directPerS, 'per_s', 2000, 'higher'),
      gateway_stateless_stdio_calls_per_s: figure(stdioPerS, 'per_s', 2000, 'higher'),
    };
  });
