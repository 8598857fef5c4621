// The one stdio-server module the guard and the gateway share: lines in and out, a full
// pipe reported and its drain, and the MCP stdio shutdown escalating to SIGKILL for a
// server that ignores both its stdin closing and SIGTERM. Real child processes.
import { describe, expect, it } from 'vitest';
import { StdioServer, type StdioEvents } from '../../src-main/core/mcp/stdio-server';

const node = (script: string) => ({ name: 't', command: process.execPath, args: ['-e', script], cwd: null, env: {} });

function recorder() {
  const lines: string[] = [];
  const pressure: boolean[] = [];
  const exits: string[] = [];
  const failures: string[] = [];
  let onLine: (() => void) | null = null;
  const events: StdioEvents = {
    line: (b) => {
      lines.push(b.toString().trim());
      onLine?.();
    },
    oversize: () => undefined,
    failed: (code) => failures.push(code),
    exited: (how) => exits.push(how),
    backpressure: (full) => pressure.push(full),
  };
  const nextLine = () => new Promise<void>((resolve) => (onLine = resolve));
  return { events, lines, pressure, exits, failures, nextLine };
}

describe('StdioServer', () => {
  it('relays lines both ways and reports an exit of its own with how it ended', async () => {
    const r = recorder();
    const s = new StdioServer(node(`process.stdin.on('data', d => { process.stdout.write(d); process.exit(3); })`), r.events, { maxMessageBytes: 1024, passStderr: false });
    const line = r.nextLine();
    s.send(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}\n'));
    await line;
    await new Promise((resolve) => s.child.process.once('exit', resolve));
    expect(r.lines).toEqual(['{"jsonrpc":"2.0","id":1,"method":"ping"}']);
    expect(r.exits).toEqual(['exited with code 3']);
    expect(s.running).toBe(false);
  });

  it('says which command could not start', async () => {
    const r = recorder();
    const s = new StdioServer({ name: 't', command: '/nonexistent/mcp-server', args: [], cwd: null, env: {} }, r.events, { maxMessageBytes: 1024, passStderr: false });
    await new Promise((resolve) => s.child.process.once('error', resolve));
    expect(r.failures).toEqual(['ENOENT']);
  });

  it('reports a full stdin, then its drain once the server reads', async () => {
    const r = recorder();
    // Reads nothing until SIGUSR2 tells it to.
    const s = new StdioServer(
      node(`process.stdin.pause(); process.on('SIGUSR2', () => process.stdin.resume()); process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`),
      r.events,
      { maxMessageBytes: 1 << 20, passStderr: false, graceMs: 50 },
    );
    await r.nextLine();
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    s.send(chunk);
    expect(r.pressure).toEqual([true]);
    const drained = new Promise<void>((resolve) => s.child.process.stdin!.once('drain', () => resolve()));
    s.child.process.kill('SIGUSR2');
    await drained;
    expect(r.pressure).toEqual([true, false]);
    await s.close();
  });

  it('closes stdin, then SIGTERM, then SIGKILL for a server that ignores both; no exit is reported as its own', async () => {
    const r = recorder();
    const s = new StdioServer(
      node(`process.on('SIGTERM', () => process.stdout.write('term\\n')); process.stdin.resume(); process.stdin.on('end', () => process.stdout.write('eof\\n')); process.stdout.write('ready\\n'); setInterval(() => {}, 1000)`),
      r.events,
      { maxMessageBytes: 1024, passStderr: false, graceMs: 100 },
    );
    await r.nextLine();
    const signal = new Promise((resolve) => s.child.process.once('exit', (_code, sig) => resolve(sig)));
    await s.close();
    expect(await signal).toBe('SIGKILL');
    expect(r.lines).toEqual(['ready', 'eof', 'term']);
    expect(r.exits).toEqual([]);
  });

  it('ends at the first step for a server that leaves when its stdin closes', async () => {
    const r = recorder();
    const s = new StdioServer(node(`process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); process.stdout.write('ready\\n')`), r.events, { maxMessageBytes: 1024, passStderr: false, graceMs: 60_000 });
    await r.nextLine();
    const code = new Promise((resolve) => s.child.process.once('exit', (c) => resolve(c)));
    await s.close();
    expect(await code).toBe(0);
    expect(r.exits).toEqual([]);
  });
});
