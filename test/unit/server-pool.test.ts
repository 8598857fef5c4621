// The pool that 2026-07-28 gateway clients share, with a real stdio server
// (test/fixtures/servers/echo.mjs, a 2025 server): ids remapped so callers with the same
// id never collide, a crashed child replaced, an idle one ended, never more than POOL_SIZE.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { ServerPool, type PoolSink } from '../../src-main/core/mcp/server-pool';
import { defaultSettings } from '../../src-main/core/settings';
import type { Message } from '../../src-main/core/mcp/jsonrpc';
import { openTestCore, tmpDir } from '../helpers/core';

const ECHO = join(import.meta.dirname, '../fixtures/servers/echo.mjs');
const MODERN = join(import.meta.dirname, '../fixtures/servers/modern.mjs');
// A 2025 server that ignores what it does not know (server/discover among it): it answers
// initialize and tools/call only.
const QUIET = `require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => {
  const m = JSON.parse(l);
  const r = m.method === 'initialize' ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'quiet', version: '1' } }
    : m.method === 'tools/call' ? { content: [{ type: 'text', text: 'quiet answer' }] } : null;
  if (r) process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: r }) + '\\n');
});`;
const ENVELOPE = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'test', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
let t: { dir: string; cleanup: () => void };
let core: Core;
let pool: ServerPool;
let quick: ServerPool;
let canStart = true;
const POOL_SIZE = defaultSettings.gatewayPoolSize;

beforeAll(() => {
  t = tmpDir();
  core = openTestCore(t.dir).core;
  core.servers.add({ transport: 'stdio', name: 'echo', command: process.execPath, args: [ECHO], cwd: null, env: {} });
  core.servers.add({ transport: 'stdio', name: 'quiet', command: process.execPath, args: ['-e', QUIET], cwd: null, env: {} });
  core.servers.add({ transport: 'stdio', name: 'modern', command: process.execPath, args: [MODERN], cwd: null, env: {} });
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
  return ask(on, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
}

function ask(on: ServerPool, msg: Message & { id: number | string; method: string }): Promise<Message> {
  return new Promise((resolve, reject) => {
    const sink: PoolSink = { answer: (line) => resolve(JSON.parse(line.toString('utf8')) as Message), related: () => undefined };
    const sent = on.request(msg, sink);
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

  it('drives a child that speaks only 2026-07-28 without a handshake: discover and calls pass with their envelope', async () => {
    const modern = new ServerPool(core, 'modern', { maxMessageBytes: 1 << 20, requestTimeoutMs: 10_000, canStart: () => true, started: () => undefined });
    try {
      const discover = await ask(modern, { jsonrpc: '2.0', id: 'd', method: 'server/discover', params: { _meta: ENVELOPE } });
      expect(discover.result).toMatchObject({ supportedVersions: ['2026-07-28'], _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'modern-fixture' } } });
      const answers = await Promise.all([1, 2, 3].map(() => ask(modern, { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: {}, _meta: ENVELOPE } })));
      for (const a of answers) expect(a).toMatchObject({ id: 7, result: { content: [{ text: 'ran echo' }] } });
      expect(modern.startedCount).toBeLessThanOrEqual(POOL_SIZE);
    } finally {
      modern.close();
    }
  });

  it('takes a child that ignores the probe for a 2025 server once the probe time is past, and does its handshake', async () => {
    const quiet = new ServerPool(core, 'quiet', { maxMessageBytes: 1 << 20, requestTimeoutMs: 10_000, canStart: () => true, started: () => undefined, probeMs: 100 });
    try {
      expect(text(await call('q', 'anything', {}, quiet))).toBe('quiet answer');
      const discover = await ask(quiet, { jsonrpc: '2.0', id: 'd', method: 'server/discover', params: { _meta: ENVELOPE } });
      expect(discover.result).toMatchObject({ supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'quiet' } } });
    } finally {
      quiet.close();
    }
  });

  it('probes a 2026-07-28 child again when the first probe ran out before it was up and it refused initialize naming 2026-07-28', async () => {
    const late = new ServerPool(core, 'modern', { maxMessageBytes: 1 << 20, requestTimeoutMs: 10_000, canStart: () => true, started: () => undefined, probeMs: 1 });
    try {
      const a = await ask(late, { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'echo', arguments: {}, _meta: ENVELOPE } });
      expect(a).toMatchObject({ id: 8, result: { content: [{ text: 'ran echo' }] } });
    } finally {
      late.close();
    }
  });

  it('holds at most gatewayPoolSize processes, and ends one idle past gatewayPoolIdleSeconds (settings)', async () => {
    core.settings.update({ gatewayPoolSize: 1, gatewayPoolIdleSeconds: 1 });
    const one = new ServerPool(core, 'echo', { maxMessageBytes: 1 << 20, requestTimeoutMs: 10_000, canStart: () => true, started: () => undefined });
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i, 'echo', { message: `s${i}` }, one)));
      answers.forEach((a, i) => expect(text(a)).toBe(`s${i}`));
      expect(one.startedCount).toBe(1);
      await until(() => one.size === 0);
    } finally {
      one.close();
      core.settings.update({ gatewayPoolSize: 2, gatewayPoolIdleSeconds: 60 });
    }
  });
});
