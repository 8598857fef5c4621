// The guard in front of a real third-party server (@modelcontextprotocol/server-everything),
// driven by the MCP SDK's own client exactly as Claude Desktop would start it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { queryAudit } from '../../src-main/core/audit/query';
import type { AuditEntry } from '../../src-preload/contract';
import { envKeyProviders } from '../helpers/core';
import { EVERYTHING, GATEHOUSE, makeHome, poll, type TestHome } from './guard-harness';

const SERVER_SECRET = 'everything-secret-value-42';
let home: TestHome;
const clients: Client[] = [];

beforeAll(() => {
  home = makeHome([{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'], env: { EVERYTHING_TOKEN: SERVER_SECRET } }]);
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  home?.close();
});

/** Starts `gatehouse guard` with this key (none: undefined) as an MCP client's server; `connected` settles on initialize. */
function startGuard(apiKey: string | undefined): { client: Client; connected: Promise<void>; stderr: () => string } {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [GATEHOUSE, 'guard', '--server', 'everything'],
    env: home.env(apiKey),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'guard-test', version: '1.0.0' });
  clients.push(client);
  return { client, connected: client.connect(transport, { timeout: 20_000 }), stderr: () => stderr };
}

async function connect(apiKey: string | undefined): Promise<{ client: Client; stderr: () => string }> {
  const g = startGuard(apiKey);
  await g.connected;
  return g;
}

const echo = (client: Client, message: string) =>
  client.callTool({ name: 'echo', arguments: { message } }, undefined, { timeout: 10_000 });

/** The McpError a promise rejects with (fails the test if it resolves). */
async function refusal(p: Promise<unknown>): Promise<McpError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(McpError);
    return e as McpError;
  }
  throw new Error('expected the call to be refused');
}

/** A change made through a connection of its own to the data dir, as another process (the CLI, the app) makes it. */
function fromAnotherProcess(change: (other: ReturnType<typeof openCore>) => void): void {
  const other = openCore({ dataDir: home.dir, masterKeyProviders: envKeyProviders(home.masterKey) });
  try {
    change(other);
  } finally {
    other.close();
  }
}

/** The first refusal of an echo, tried every 20 ms for a second (a change made by another process). */
function echoRefusedWithin1s(client: Client, what: string): Promise<McpError> {
  return poll(
    async () => {
      try {
        await echo(client, 'after');
        return undefined;
      } catch (e) {
        return e as McpError;
      }
    },
    1000,
    what,
    20,
  );
}

/** A denied audit row written since `since` (less a second) that `pred` finds, polled for 5 s. */
function deniedRow(since: number, pred: (e: AuditEntry) => boolean, whose: string): Promise<AuditEntry> {
  return poll(
    () => queryAudit(home.core.db, { decision: 'denied', since: new Date(since - 1000).toISOString(), limit: 50 }).events.find(pred),
    5000,
    `audit row of ${whose}`,
  );
}

/** Audit rows of a key, polled until pred finds what it needs (the guard flushes every ~50 ms). */
function auditOf(keyId: string, pred: (rows: AuditEntry[]) => boolean): Promise<AuditEntry[]> {
  return poll(
    () => {
      const rows = queryAudit(home.core.db, { principalId: keyId, limit: 500 }).events;
      return pred(rows) ? rows : undefined;
    },
    5000,
    `audit rows of ${keyId}`,
  );
}

describe('guard in front of server-everything', () => {
  it('relays an allowed tool, hides and refuses denied ones (everything:get-*), and audits both', async () => {
    const key = home.newKey('agent', [
      { effect: 'allow', pattern: 'everything:*' },
      { effect: 'deny', pattern: 'everything:get-*' },
    ]);
    const { client } = await connect(key.secret);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('echo');
    expect(tools.length).toBeGreaterThan(3);
    expect(tools.filter((t) => t.startsWith('get-'))).toEqual([]);

    const result = await echo(client, 'hello through the guard');
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello through the guard' }]);

    const err = await refusal(client.callTool({ name: 'get-env', arguments: {} }));
    expect(err.code).toBe(-32003);
    expect(err.message).toContain('tool get-env of server everything is denied by the rule everything:get-*');

    const rows = await auditOf(key.id, (r) => r.some((e) => e.decision === 'denied') && r.some((e) => e.tool === 'echo'));
    expect(rows.find((e) => e.tool === 'echo')).toMatchObject({ decision: 'allowed', outcome: 'ok', method: 'tools/call', server: 'everything' });
    expect(rows.find((e) => e.tool === 'get-env')).toMatchObject({ decision: 'denied', reason: 'denied_by_rule' });
  });

  it("gives the server its stored env secret and none of Gatehouse's own", async () => {
    const key = home.newKey('env-reader', [{ effect: 'allow', pattern: 'everything:*' }]);
    const { client } = await connect(key.secret);
    const result = await client.callTool({ name: 'get-env', arguments: {} });
    const env = JSON.parse((result.content as { text: string }[])[0]!.text) as Record<string, string>;
    expect(env.EVERYTHING_TOKEN).toBe(SERVER_SECRET);
    expect(env).not.toHaveProperty('GATEHOUSE_API_KEY');
    expect(env).not.toHaveProperty('GATEHOUSE_MASTER_KEY');
    expect(JSON.stringify(env)).not.toContain(key.secret);
    expect(JSON.stringify(env)).not.toContain(home.masterKey);
  });

  it('trips the rate limit with a retry hint, then recovers after waiting', async () => {
    // 8 a second: the hint to wait is at most 125 ms, so waiting it out stays a short wait.
    const key = home.newKey('limited', [{ effect: 'allow', pattern: 'everything:*' }], { limit: 8, window: 'second' });
    const { client } = await connect(key.secret);
    // Sent together so the bucket cannot refill in between, however slow the machine.
    const outcomes = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => echo(client, `burst ${i}`)));
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as McpError] : []));
    expect(ok.length).toBeGreaterThanOrEqual(8);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const e of refused) {
      expect(e.code).toBe(-32029);
      expect(e.message).toMatch(/rate limit reached \(8 calls per second\); retry in (under a second|\d+ s)/);
      expect((e.data as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    }
    const wait = Math.max(...refused.map((e) => (e.data as { retryAfterMs: number }).retryAfterMs));
    expect(wait).toBeLessThanOrEqual(125); // one call's worth of refill at 8 a second
    await new Promise((r) => setTimeout(r, wait + 20)); // the hint is what is tested: waiting it out is enough
    expect((await echo(client, 'after the wait')).content).toEqual([{ type: 'text', text: 'Echo: after the wait' }]);
    await auditOf(key.id, (r) => r.filter((e) => e.decision === 'rate_limited').length === refused.length);
  });

  it('cuts off a key revoked by another process within 1 s', async () => {
    const key = home.newKey('to-revoke', [{ effect: 'allow', pattern: 'everything:*' }]);
    const { client } = await connect(key.secret);
    await echo(client, 'before');
    fromAnotherProcess((other) => other.keys.revoke(key.id));
    const revokedAt = Date.now();
    const err = await echoRefusedWithin1s(client, 'refusal after revocation');
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(1000 + 250); // the poll's deadline plus one call
    expect(err.code).toBe(-32001);
    expect(err.message).toContain('this API key was revoked');
    // A refused key is not a principal: its rows carry no principal id (see the report).
    await deniedRow(revokedAt, (e) => e.reason === 'key_revoked' && e.tool === 'echo', 'the revoked key');
  });

  it('applies a rule changed while it runs within 1 s (tools/list and tools/call)', async () => {
    const key = home.newKey('changing', [{ effect: 'allow', pattern: 'everything:*' }]);
    const { client } = await connect(key.secret);
    await echo(client, 'before');
    fromAnotherProcess((other) =>
      other.keys.update(key.id, {
        rules: [
          { effect: 'allow', pattern: 'everything:*' },
          { effect: 'deny', pattern: 'everything:echo' },
        ],
      }),
    );
    const err = await echoRefusedWithin1s(client, 'refusal after the rule change');
    expect(err.code).toBe(-32003);
    expect(err.message).toContain('denied by the rule everything:echo');
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
    await auditOf(key.id, (r) => r.some((e) => e.decision === 'denied' && e.tool === 'echo'));
  });

  it('without GATEHOUSE_API_KEY: a clear stderr line and a JSON-RPC error, no hang', async () => {
    const g = startGuard(undefined);
    const err = await refusal(g.connected);
    expect(err.code).toBe(-32001);
    expect(err.message).toMatch(/Gatehouse refused the (API key|credentials)/);
    await poll(() => (g.stderr().includes('GATEHOUSE_API_KEY is not set') ? true : undefined), 5000, 'stderr message');
  });

  it('with a wrong key: refused, and audited as a refused key', async () => {
    // Well-formed and with a valid checksum, but unknown: a key revoked and deleted, or from another install.
    const stranger = home.newKey('stranger', [{ effect: 'allow', pattern: 'everything:*' }]);
    home.core.db.prepare('DELETE FROM api_key_secrets WHERE key_id = ?').run(stranger.id);
    const before = Date.now();
    const g = startGuard(stranger.secret);
    const err = await refusal(g.connected);
    expect(err.message).toContain('no such API key');
    expect(g.stderr()).toMatch(/refused \((key_)?unknown\)/);
    await deniedRow(before, (e) => e.reason === 'key_unknown' && e.method === 'initialize', 'the refused key');
  });
});
