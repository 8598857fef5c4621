// The guard against malformed clients and misbehaving servers, over raw pipes: the client
// always gets an answer or EOF, the guard stays up (or goes down with its child), never hangs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { FIXTURES, INIT, makeHome, poll, processAlive, RawGuard, type TestHome } from './guard-harness';

const node = process.execPath;
let home: TestHome;
let secret: string;
let keyId: string;
const guards: RawGuard[] = [];

/** apiKey null: the guard starts with no GATEHOUSE_API_KEY at all. */
function guard(server: string, args: string[] = [], apiKey: string | null = secret): RawGuard {
  const g = new RawGuard(home, server, args, apiKey ?? undefined);
  guards.push(g);
  return g;
}

async function initialized(g: RawGuard): Promise<void> {
  g.request(0, 'initialize', INIT);
  const a = await g.answer(0);
  expect(a.error).toBeUndefined();
  g.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

const call = (name: string, args: Record<string, unknown> = {}) => ({ name, arguments: args });
const text = (a: { result?: Record<string, unknown> }) => (a.result?.content as { text: string }[])[0]!.text;

beforeAll(() => {
  home = makeHome([
    { name: 'echo', command: node, args: [join(FIXTURES, 'echo.mjs')] },
    { name: 'exits', command: node, args: [join(FIXTURES, 'misbehaving.mjs'), 'exit'] },
    { name: 'silent', command: node, args: [join(FIXTURES, 'misbehaving.mjs'), 'silent'] },
    { name: 'huge', command: node, args: [join(FIXTURES, 'misbehaving.mjs'), 'huge'] },
    { name: 'missing', command: '/nonexistent/mcp-server', args: [] },
  ]);
  const k = home.newKey('bad-input', [{ effect: 'allow', pattern: '*:*' }]);
  secret = k.secret;
  keyId = k.id;
});

afterAll(async () => {
  await Promise.all(guards.map((g) => g.stop()));
  home?.close();
});

describe('guard: bad input from the client', () => {
  it('answers garbage with parse errors, reassembles split lines and keeps relaying', async () => {
    const g = guard('echo');
    await initialized(g);
    // Binary noise with no newline inside, then a newline.
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256).filter((b) => b !== 0x0a));
    g.write(Buffer.concat([noise, Buffer.from('\n')]));
    g.write('{this is not json}\n');
    g.write('[1,2,3]\n');
    g.write('"a string"\n');
    g.write('{"jsonrpc":"2.0","result":{}}\n'); // neither request, notification nor response
    await g.until(() => g.answers.filter((a) => a.id === null).length >= 5, 10_000, 'five error answers');
    const errors = g.answers.splice(0).map((a) => a.error!.code);
    expect(errors.filter((c) => c === -32700)).toHaveLength(2);
    expect(errors.filter((c) => c === -32600)).toHaveLength(3);

    // A valid request written in pieces, split inside a multi-byte character.
    const whole = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 'split', method: 'tools/call', params: call('echo', { message: 'héllo ✓' }) }) + '\n');
    const cut = whole.indexOf(Buffer.from('✓')) + 1;
    g.write(whole.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    g.write(whole.subarray(10, cut));
    await new Promise((r) => setTimeout(r, 50));
    g.write(whole.subarray(cut));
    expect(text(await g.answer('split'))).toBe('héllo ✓');

    // CRLF line endings and two messages in one chunk.
    g.write(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: call('echo', { message: 'a' }) }) +
        '\r\n' +
        JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: call('echo', { message: 'b' }) }) +
        '\n',
    );
    expect(text(await g.answer(1))).toBe('a');
    expect(text(await g.answer(2))).toBe('b');
    expect(g.alive).toBe(true);
  });

  it('refuses a 50 MB line with an error naming the limit and the request id, and stays small', async () => {
    const g = guard('echo');
    await initialized(g);
    const big = JSON.stringify({ jsonrpc: '2.0', id: 'big', method: 'tools/call', params: call('echo', { message: 'x'.repeat(50 * 1024 * 1024) }) });
    g.write(big + '\n');
    const a = await g.answer('big', 30_000);
    expect(a.error?.code).toBe(-32600);
    expect(a.error?.message).toContain(`limit of ${16 * 1024 * 1024} bytes`);
    expect(a.error?.message).toContain(`${big.length} bytes`);
    g.request(3, 'tools/call', call('echo', { message: 'after' }));
    expect(text(await g.answer(3))).toBe('after');
    expect(g.alive).toBe(true);
    // It keeps at most the limit (plus a copy) in memory, never the whole line.
    expect(g.peakRssMb()).toBeLessThan(200);
  }, 45_000);

  it('honours a lowered --max-message-bytes', async () => {
    const g = guard('echo', ['--max-message-bytes', '1000']);
    await initialized(g);
    g.request(4, 'tools/call', call('echo', { message: 'y'.repeat(2000) }));
    const a = await g.answer(4);
    expect(a.error?.message).toContain('limit of 1000 bytes');
    g.request(5, 'tools/call', call('echo', { message: 'small' }));
    expect(text(await g.answer(5))).toBe('small');
  });
});

describe('guard: misbehaving servers', () => {
  it('answers a request whose answer is a 50 MB line with an error, and keeps going', async () => {
    const g = guard('huge');
    await initialized(g);
    g.request(7, 'tools/call', call('work'));
    const a = await g.answer(7, 30_000);
    expect(a.error?.code).toBe(-32000);
    expect(a.error?.message).toMatch(/huge sent a message of \d+ bytes, over the guard's limit of 16777216 bytes/);
    g.request(8, 'ping');
    expect((await g.answer(8)).result).toEqual({});
    expect(g.peakRssMb()).toBeLessThan(200);
  }, 45_000);

  it('answers the pending request and every later one when the server exits mid-request, and audits it', async () => {
    const g = guard('exits');
    await initialized(g);
    g.request(9, 'tools/call', call('work'));
    const a = await g.answer(9);
    expect(a.error?.code).toBe(-32000);
    expect(a.error?.message).toContain('MCP server exits exited with code 3');
    g.request(10, 'tools/list');
    expect((await g.answer(10)).error?.message).toContain('exited with code 3');
    // The guard says why on stderr, with the server's last words.
    await g.until(() => g.stderr.includes('giving up on purpose'), 5000, 'the server stderr tail');
    const rows = await poll(
      () => {
        const events = queryAudit(home.core.db, { server: 'exits', decision: 'error', limit: 50 }).events;
        return events.some((e) => e.tool === 'work' && e.reason === 'server_exit') ? events : undefined;
      },
      5000,
      'audit row of the failed call',
    );
    expect(rows.find((e) => e.tool === 'work')?.principalId).toBe(keyId);
  });

  it('times out a request the server never answers (--request-timeout 1)', async () => {
    const g = guard('silent', ['--request-timeout', '1']);
    await initialized(g);
    g.request(11, 'tools/call', call('work'));
    const a = await g.answer(11, 15_000);
    expect(a.error?.code).toBe(-32000);
    expect(a.error?.message).toBe('silent did not answer tools/call within 1 s');
    g.request(12, 'ping');
    expect((await g.answer(12)).result).toEqual({});
  });

  it('answers every request with an error when the server cannot be started', async () => {
    const g = guard('missing');
    g.request(13, 'initialize', INIT);
    const a = await g.answer(13);
    expect(a.error?.message).toMatch(/missing could not be started \(ENOENT/);
    g.request(14, 'tools/list');
    expect((await g.answer(14)).error?.code).toBe(-32000);
  });

  it('answers every request with an error when the server is not registered', async () => {
    const g = guard('nope');
    g.request(15, 'initialize', INIT);
    expect((await g.answer(15)).error?.message).toContain('nope');
    g.request(16, 'tools/list');
    expect((await g.answer(16)).error?.code).toBe(-32000);
  });
});

describe('guard: keys', () => {
  // "No key" and "malformed key" are told apart (in the answer and the audit log).
  for (const [label, key, stderr, reason] of [
    ['missing', null, /GATEHOUSE_API_KEY is not set/, 'key_missing'],
    ['malformed', 'not-a-key', /the API key in GATEHOUSE_API_KEY was refused \((key_)?malformed\)/, 'key_malformed'],
  ] as const) {
    it(`with a ${label} key, says so on stderr and answers every request with an error`, async () => {
      const g = guard('echo', [], key);
      await g.until(() => stderr.test(g.stderr), 10_000, 'the stderr message');
      g.request(17, 'initialize', INIT);
      g.request(18, 'tools/list');
      g.request('s', 'tools/call', call('echo', { message: 'x' }));
      for (const id of [17, 18, 's']) {
        const a = await g.answer(id);
        expect(a.error?.code).toBe(-32001);
        expect(a.error?.message).toMatch(/Gatehouse refused the (API key|credentials)/);
        expect((a.error as { data?: { reason?: string } } | undefined)?.data?.reason).toBe(reason);
      }
    });
  }
});

describe('guard: shutdown', () => {
  it('ends itself and its server when the client closes stdin', async () => {
    const g = guard('echo');
    await initialized(g);
    g.request(19, 'tools/call', call('pid'));
    const pid = Number(text(await g.answer(19)));
    expect(processAlive(pid)).toBe(true);
    g.proc.stdin.end();
    const exit = await Promise.race([g.exited, new Promise((r) => setTimeout(() => r('hung'), 15_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    await poll(() => (processAlive(pid) ? undefined : true), 5000, 'server gone');
  });

  it('ends itself and its server, without a crash, when the client stops reading (EPIPE)', async () => {
    const g = guard('echo');
    await initialized(g);
    g.request(21, 'tools/call', call('pid'));
    const pid = Number(text(await g.answer(21)));
    g.proc.stdout.destroy();
    for (let i = 0; i < 5; i++) g.request(22 + i, 'tools/call', call('echo', { message: 'into the void' }));
    const exit = await Promise.race([g.exited, new Promise((r) => setTimeout(() => r('hung'), 15_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(g.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    await poll(() => (processAlive(pid) ? undefined : true), 5000, 'server gone');
  });

  it('stops itself and its server on SIGTERM', async () => {
    const g = guard('silent');
    await initialized(g);
    g.request(20, 'tools/call', call('work')); // pending: the guard must not wait for it
    const pids = await poll(() => childPids(g.proc.pid!), 5000, 'server pid');
    g.proc.kill('SIGTERM');
    const exit = await Promise.race([g.exited, new Promise((r) => setTimeout(() => r('hung'), 15_000))]);
    expect(exit).not.toBe('hung');
    await poll(() => (pids.some(processAlive) ? undefined : true), 5000, 'server gone');
  });
});

/** Children of a process (Linux /proc), or undefined when it has none yet. */
function childPids(pid: number): number[] | undefined {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (list) out.push(...list.split(/\s+/).map(Number));
  }
  return out.length ? out : undefined;
}
