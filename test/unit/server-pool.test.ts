// The pool that 2026-07-28 gateway clients share, with a real stdio server
// (test/fixtures/servers/echo.mjs, a 2025 server): ids remapped so callers with the same
// id never collide, a crashed child replaced, an idle one ended, never more than POOL_SIZE.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { POOL_SIZE, ServerPool, type PoolSink } from '../../src-main/core/mcp/server-pool';
import type { Message } from '../../src-main/core/mcp/jsonrpc';
import { openTestCore, tmpDir } from '../helpers/core';

const ECHO = join(import.meta.dirname, '../fixtures/servers/echo.mjs');
let t: { dir: string; cleanup: () => void };
let core: Core;
let pool: ServerPool;
let quick: ServerPool;
let canStart = true;

beforeAll(() => {
  t = tmpDir();
  core = openTestCore(t.dir).core;
  core.servers.add({ transport: 'stdio', name: 'echo', command: process.execPath, args: [ECHO], cwd: null, env: {} });
  const opts = { maxMessageBytes: 1 << 20, requestTimeoutMs: 10_000, canStart: () => canStart, started: () => undefined };
  pool = new ServerPool(core, 'echo', opts);
  quick = new ServerPool(core, 'echo', { ...opts, idleMs: 150 });
});
afterAll(() => {
  pool?.close();
  quick?.close();
  core?.close();
  t?.cleanup();
});

function call(id: number | string, name: string, args: Record<string, unknown> = {}, on = pool): Promise<Message> {
  return new Promise((resolve, reject) => {
    const sink: PoolSink = { answer: (line) => resolve(JSON.parse(line.toString('utf8')) as Message), related: () => undefined };
    const sent = on.request({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, sink);
    if (typeof sent === 'string') reject(new Error(sent));
  });
}

const text = (m: Message) => (m.result as { content: { text: string }[] }).content[0]!.text;

async function until(what: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the stateless pool', () => {
  it('answers callers that use the same id each with their own answer, on at most POOL_SIZE processes', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(1, 'echo', { message: `m${i}` })));
    answers.forEach((a, i) => {
      expect(a.id).toBe(1);
      expect(text(a)).toBe(`m${i}`);
      expect(a.result).toMatchObject({ resultType: 'complete' });
    });
    expect(pool.size).toBeLessThanOrEqual(POOL_SIZE);
    expect(pool.startedCount).toBeLessThanOrEqual(POOL_SIZE);
  });

  it('replaces a child that crashed: the next request starts another', async () => {
    const fresh = new ServerPool(core, 'echo', { maxMessageBytes: 1 << 20, requestTimeoutMs: 10_000, canStart: () => true, started: () => undefined });
    try {
      const pid = Number(text(await call('p', 'pid', {}, fresh)));
      expect(fresh.size).toBe(1);
      process.kill(pid, 'SIGKILL');
      await until(() => fresh.size === 0);
      const next = Number(text(await call('after', 'pid', {}, fresh)));
      expect(next).not.toBe(pid);
      expect(fresh.startedCount).toBe(2);
    } finally {
      fresh.close();
    }
  });

  it('ends a child idle past idleMs, and starts none when the gateway has no room', async () => {
    expect(text(await call('q', 'echo', { message: 'quick' }, quick))).toBe('quick');
    expect(quick.size).toBe(1);
    await until(() => quick.size === 0);
    canStart = false;
    await expect(call('full', 'echo', { message: 'x' }, quick)).rejects.toThrow(/every process of echo is busy.*gatewaySessionsTotal/);
    canStart = true;
  });
});
