// The era adapter in front of a stdio server (core/mcp/stdio-eras.ts), with real servers:
// a 2025 client's initialize to a server of 2026-07-28 only is answered from its
// server/discover, even when the probe's time ran out before the server was up (it then
// refuses the handshake with -32022 and is probed again); a 2025 server gets the client's
// initialize as it came; a 2026-07-28 client passes as it is.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src-main/core/mcp/jsonrpc';
import { StdioEras } from '../../src-main/core/mcp/stdio-eras';
import { StdioServer } from '../../src-main/core/mcp/stdio-server';

const FIXTURES = join(import.meta.dirname, '../fixtures/servers');
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'old', version: '1' } } };
const running: StdioServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function start(fixture: string, probeMs?: number) {
  const lines: Message[] = [];
  const waiters: (() => void)[] = [];
  const eras: StdioEras = new StdioEras({
    server: fixture,
    probeMs,
    write: (b) => child.send(b),
    toClient: (b) => {
      lines.push(JSON.parse(b.toString('utf8')) as Message);
      waiters.splice(0).forEach((w) => w());
    },
  });
  const child: StdioServer = new StdioServer(
    { name: fixture, command: process.execPath, args: [join(FIXTURES, fixture)], env: {}, cwd: null },
    { line: (b) => eras.fromServer(b), oversize: () => undefined, failed: () => undefined, exited: () => undefined },
    { maxMessageBytes: 1 << 20, passStderr: false, graceMs: 200 },
  );
  running.push(child);
  const send = (m: Record<string, unknown>) => eras.send(Buffer.from(JSON.stringify(m) + '\n'), m as Message);
  const next = async (n: number): Promise<Message[]> => {
    const deadline = Date.now() + 10_000;
    while (lines.length < n) {
      if (Date.now() > deadline) throw new Error(`timed out with ${JSON.stringify(lines)}`);
      await new Promise<void>((r) => (waiters.push(r), setTimeout(r, 100)));
    }
    return lines;
  };
  return { send, next, lines };
}

describe('stdio era adapter', () => {
  it('answers a 2025 client initialize from server/discover of a 2026-07-28 server, and gives each request the envelope', async () => {
    const t = start('modern.mjs');
    t.send(INIT);
    t.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    const [init, call] = await t.next(2);
    expect(init).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'modern-fixture' } } });
    expect(call).toMatchObject({ id: 2, result: { content: [{ text: 'ran echo' }] } });
  });

  it('probes again when the first probe ran out before the server was up and it refused initialize naming 2026-07-28', async () => {
    const t = start('modern.mjs', 1);
    t.send(INIT);
    const [init] = await t.next(1);
    expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: 'modern-fixture' } } });
    t.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    await t.next(2);
    expect(t.lines.map((l) => l.id)).toEqual([1, 3]); // the late probe answer is nobody's
  });

  it('passes a 2025 client initialize on to a 2025 server as it came', async () => {
    const t = start('echo.mjs');
    t.send(INIT);
    const [init] = await t.next(1);
    expect(init).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'echo-fixture' } } });
  });
});
