// The era adapter in front of a stdio server (core/mcp/stdio-eras.ts), with real servers:
// a 2025 client's initialize goes to the server first, as it came, and a 2025 server hears
// nothing else (no server/discover); a server of 2026-07-28 only refuses it with -32022
// naming 2026-07-28, is probed with server/discover and spoken to for the client
// (initialize answered from the discover result, requests given the envelope); any other
// refusal, or a discover that offers no 2026-07-28, reaches the client as the server sent it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src-main/core/mcp/jsonrpc';
import { StdioEras } from '../../src-main/core/mcp/stdio-eras';
import { StdioServer } from '../../src-main/core/mcp/stdio-server';
import { tmpDir } from '../helpers/core';

const FIXTURES = join(import.meta.dirname, '../fixtures/servers');
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'old', version: '1' } } };
/**
 * A server that refuses initialize with REFUSE_CODE (naming REFUSE_SUPPORTED), refuses
 * server/discover with -32601, and answers any other request with the methods it heard.
 */
const REFUSER = `
const heard = [];
require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => {
  const m = JSON.parse(l);
  heard.push(m.method);
  if (m.id === undefined) return;
  const error = m.method === 'initialize'
    ? { code: Number(process.env.REFUSE_CODE), message: 'no', data: { supported: [process.env.REFUSE_SUPPORTED] } }
    : m.method === 'server/discover' ? { code: -32601, message: 'Method not found' } : undefined;
  process.stdout.write(JSON.stringify(error ? { jsonrpc: '2.0', id: m.id, error } : { jsonrpc: '2.0', id: m.id, result: { heard } }) + '\\n');
});`;
const running: StdioServer[] = [];
const dirs: (() => void)[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  dirs.splice(0).forEach((cleanup) => cleanup());
});

function start(args: string[], env: Record<string, string> = {}) {
  const lines: Message[] = [];
  const waiters: (() => void)[] = [];
  const eras: StdioEras = new StdioEras({
    server: 'test',
    write: (b) => child.send(b),
    toClient: (b) => {
      lines.push(JSON.parse(b.toString('utf8')) as Message);
      waiters.splice(0).forEach((w) => w());
    },
  });
  const child: StdioServer = new StdioServer(
    { name: 'test', command: process.execPath, args, env, cwd: null },
    { line: (b) => eras.fromServer(b), oversize: () => undefined, failed: () => undefined, exited: () => undefined },
    { maxMessageBytes: 1 << 20, passStderr: false, graceMs: 200 },
  );
  running.push(child);
  const send = (m: Record<string, unknown>) => eras.send(Buffer.from(JSON.stringify(m) + '\n'), m as Message);
  // Woken by each line the client gets; only the deadline is a timer.
  const next = (n: number): Promise<Message[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(lines)}`)), 10_000);
      const check = () => {
        if (lines.length < n) return void waiters.push(check);
        clearTimeout(timer);
        resolve(lines);
      };
      check();
    });
  return { send, next, lines };
}

const fixture = (name: string) => [join(FIXTURES, name)];

describe('stdio era adapter', () => {
  it('answers a 2025 client initialize from server/discover of a 2026-07-28 server, and gives each request the envelope', async () => {
    const t = start(fixture('modern.mjs'));
    t.send(INIT);
    t.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    const [init, call] = await t.next(2);
    expect(init).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'modern-fixture' } } });
    expect(call).toMatchObject({ id: 2, result: { content: [{ text: 'ran echo' }] } });
  });

  it('keeps the -32022 refusal of a 2026-07-28 server from the client and answers its ping itself', async () => {
    const t = start(fixture('modern.mjs'));
    t.send(INIT);
    const [init] = await t.next(1);
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: 'modern-fixture' } } });
    t.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    await t.next(2);
    expect(t.lines.map((l) => l.id)).toEqual([1, 3]);
    expect(t.lines[1]).toMatchObject({ result: {} });
  });

  it('passes a 2025 client initialize on to a 2025 server as it came', async () => {
    const t = start(fixture('echo.mjs'));
    t.send(INIT);
    const [init] = await t.next(1);
    expect(init).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'echo-fixture' } } });
  });

  it('sends a 2025 server nothing before the client initialize, and never server/discover', async () => {
    const dir = tmpDir('gatehouse-heard-');
    dirs.push(dir.cleanup);
    const heard = join(dir.dir, 'heard.jsonl');
    const t = start(fixture('echo.mjs'), { HEARD_FILE: heard });
    t.send(INIT);
    t.send({ jsonrpc: '2.0', method: 'notifications/initialized' }); // held until initialize is answered
    t.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } });
    const [init, call] = await t.next(2);
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: 'echo-fixture' } } });
    expect(call).toMatchObject({ id: 2, result: { content: [{ text: 'hi' }] } });
    const lines = readFileSync(heard, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Message).method)).toEqual(['initialize', 'notifications/initialized', 'tools/call']);
    expect(JSON.parse(lines[0]!)).toEqual(INIT); // as the client sent it
  });

  it.each([
    { why: 'a refusal of initialize that names no 2026-07-28 as it came, with no probe', code: -32602, supported: '2024-11-05', heard: ['initialize', 'ping'] },
    { why: 'the -32022 refusal when the server then offers no 2026-07-28 in server/discover', code: -32022, supported: '2026-07-28', heard: ['initialize', 'server/discover', 'ping'] },
  ])('gives the client $why', async ({ code, supported, heard }) => {
    const t = start(['-e', REFUSER], { REFUSE_CODE: String(code), REFUSE_SUPPORTED: supported });
    t.send(INIT);
    t.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    const [init, ping] = await t.next(2);
    expect(init).toMatchObject({ id: 1, error: { code, data: { supported: [supported] } } });
    expect(ping).toMatchObject({ id: 2, result: { heard } });
  });
});
