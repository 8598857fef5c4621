// A remote upstream reached through a second local gateway: gateway B holds the
// credentials for A in its vault; the client's own token never travels upstream.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { ENGINES, serveEngines, servedHome } from './engine-serve';
import { EVERYTHING, FIXTURES, GATEHOUSE, RawGuard, type TestHome } from './guard-harness';
import { storeHolds } from './store-at-rest';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  const A = servedHome(engines, engine, [{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }], (a) => {
    a.core.exposure.set('everything', { exposed: true, acceptApiKeys: true });
    return { key: a.newKey('gateway B', [{ effect: 'allow', pattern: 'everything:*' }, { effect: 'deny', pattern: 'everything:get-env' }]) };
  });
  const B = servedHome(engines, engine, [], (b) => {
    b.core.servers.add({ transport: 'http', name: 'upstream', url: `${A.serve.gatewayBase}everything`, headers: { Authorization: `Bearer ${A.key.secret}` } });
    b.core.exposure.set('upstream', { exposed: true, acceptApiKeys: true });
    return { key: b.newKey('laptop', [{ effect: 'allow', pattern: 'upstream:*' }]) };
  });
  const procs: ChildProcess[] = [];
  afterAll(async () => {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  });

  describe('remote upstream through a second gateway', () => {
    it('relays tools and calls with the upstream credentials from the vault, never the client token', async () => {
      const c = new Client({ name: 'remote-test', version: '1.0.0' });
      await c.connect(new StreamableHTTPClientTransport(new URL(`${B.serve.gatewayBase}upstream`), { requestInit: { headers: { Authorization: `Bearer ${B.key.secret}` } } }));
      const tools = (await c.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
      expect(tools).not.toContain('get-env'); // A's policy for B's credentials applies too
      const r = await c.callTool({ name: 'echo', arguments: { message: 'two hops' } });
      expect(JSON.stringify(r.content)).toContain('two hops');
      await c.close();

      // A saw B's vault key as the caller; B's client key never reached A.
      // Both gateways write their audit rows in the background: wait for each.
      const rowOf = (home: TestHome) => queryAudit(home.core.sql, { tool: 'echo', limit: 10 }).events[0];
      await expect.poll(() => rowOf(A.home), { timeout: 5000 }).toMatchObject({ principalId: A.key.id, decision: 'allowed' });
      await expect.poll(() => rowOf(B.home), { timeout: 5000 }).toMatchObject({ principalId: B.key.id, server: 'upstream', actor: 'gateway' });
      // The upstream credential sits sealed in B's database, never in plain text (what is not secret, its URL, is there).
      expect(storeHolds(B.home, `${A.serve.gatewayBase}everything`)).toBe(true);
      expect(storeHolds(B.home, A.key.secret)).toBe(false);
    });

    it('bridges stdio to the remote server in `gatehouse guard` (what Claude Desktop runs for a remote server)', async () => {
      const c = new Client({ name: 'bridge-test', version: '1.0.0' });
      await c.connect(new StdioClientTransport({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', 'upstream'], env: B.home.env(B.key.secret), stderr: 'pipe' }));
      const tools = (await c.listTools()).tools.map((t) => t.name);
      expect(tools).toContain('echo');
      const r = await c.callTool({ name: 'echo', arguments: { message: 'bridged' } });
      expect(JSON.stringify(r.content)).toContain('bridged');
      await c.close();
    });
  });

  describe('a remote server that answers in event streams', () => {
    it('relays its streamed answers and the progress of a call, through the gateway and through the guard bridge', async () => {
      const echo = spawn(process.execPath, [join(FIXTURES, 'http-echo.mjs')], { env: { ...process.env, ECHO_SSE: '1', ECHO_TOKEN: 'upstream-secret' }, stdio: ['ignore', 'pipe', 'pipe'] });
      procs.push(echo);
      const url = await new Promise<string>((resolve, reject) => {
        echo.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString().split('\n')[0]!) as { url: string }).url));
        echo.once('exit', (code) => reject(new Error(`http-echo exited ${code}`)));
      });
      B.home.core.servers.add({ transport: 'http', name: 'streamed', url, headers: { Authorization: 'Bearer upstream-secret' } });
      B.home.core.exposure.set('streamed', { exposed: true, acceptApiKeys: true });
      const key = B.home.newKey('streams', [{ effect: 'allow', pattern: 'streamed:*' }]);

      const viaGateway = new Client({ name: 'sse-remote', version: '1.0.0' });
      await viaGateway.connect(new StreamableHTTPClientTransport(new URL(`${B.serve.gatewayBase}streamed`), { requestInit: { headers: { Authorization: `Bearer ${key.secret}` } } }));
      expect((await viaGateway.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'count']));
      expect(JSON.stringify((await viaGateway.callTool({ name: 'echo', arguments: { message: 'streamed' } })).content)).toContain('streamed');
      const progress: number[] = [];
      const counted = await viaGateway.callTool({ name: 'count', arguments: { n: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
      expect(JSON.stringify(counted.content)).toContain('counted to 3');
      expect(progress).toEqual([1, 2, 3]);
      await viaGateway.close();

      // Through the guard's bridge, read raw: the SDK's stdio client handles a notification a
      // microtask after the answer that came in the same read, and would drop progress that
      // was relayed in order.
      const bridge = new RawGuard(B.home, 'streamed', [], key.secret);
      try {
        bridge.request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });
        expect((await bridge.answer(1)).result).toBeDefined();
        bridge.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        bridge.request(2, 'tools/call', { name: 'count', arguments: { n: 3 }, _meta: { progressToken: 'p2' } });
        await bridge.until(() => bridge.answers.some((a) => a.id === 2), 10_000, 'the count answer');
        const seen = bridge.answers.map((a) => ((a as { method?: string }).method === 'notifications/progress' ? `p${(a as { params?: { progress?: number } }).params?.progress}` : `#${a.id}`));
        expect(seen).toEqual(['p1', 'p2', 'p3', '#2']);
      } finally {
        await bridge.stop();
      }
    });
  });
});
