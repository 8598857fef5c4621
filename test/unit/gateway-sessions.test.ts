// Idle expiry of gateway sessions, on an injected clock: a session with nothing going on
// for gatewaySessionIdleMinutes (5 by default) ends and frees its slot; one with its GET
// stream open is in use, and its idle time starts when the stream closes.
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../src-main/core/policy/enforcer';
import { GatewaySession } from '../../src-main/http/gateway/session';
import { SessionTable } from '../../src-main/http/gateway/sessions';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const FIXTURES = join(import.meta.dirname, '../fixtures/servers');
afterEach(() => vi.useRealTimers());

const principal = (id: string): Principal => ({ type: 'api_key', id, name: id, rules: [{ effect: 'allow', pattern: 'srv:*' }], rateLimit: null });

/** A real ServerResponse held open, as a client's GET stream is; `end` closes the client side. */
async function openStream(session: GatewaySession): Promise<{ end: () => Promise<void> }> {
  let res!: ServerResponse;
  const server = createServer((_req, r) => {
    res = r;
    session.openStream(r);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/', headers: { accept: 'text/event-stream' } });
  const opened = new Promise<void>((ok) => req.on('response', () => ok()));
  req.end();
  await opened;
  return {
    async end() {
      const closed = new Promise<void>((ok) => res.on('close', () => ok()));
      req.destroy();
      await closed;
      server.close();
    },
  };
}

describe('gateway session table', () => {
  it('ends a session idle for the configured minutes, not one whose stream is open', async () => {
    const { core } = cores.open();
    expect(core.settings.get().gatewaySessionIdleMinutes).toBe(5);
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const table = new SessionTable(core, 120_000);
    const idle = table.open('srv', principal('key_idle00000000')) as GatewaySession;
    const busy = table.open('srv', principal('key_busy00000000')) as GatewaySession;
    const stream = await openStream(busy);

    vi.advanceTimersByTime(4 * 60_000 + 55_000);
    expect(core.live.list().map((s) => s.id).sort()).toEqual([idle.id, busy.id].sort());
    vi.advanceTimersByTime(15_000);
    expect(core.live.list().map((s) => s.id)).toEqual([busy.id]);
    expect(table.get(idle.id)).toBeUndefined();

    await stream.end();
    vi.advanceTimersByTime(4 * 60_000);
    expect(table.get(busy.id)).toBe(busy);
    vi.advanceTimersByTime(70_000);
    expect(table.get(busy.id)).toBeUndefined();
    expect(core.live.list()).toEqual([]);
    table.closeAll();
  });

  it('does not count a POST whose client hung up as keeping the session busy', async () => {
    const { core } = cores.open();
    core.servers.add({ transport: 'stdio', name: 'silent', command: process.execPath, args: [join(FIXTURES, 'misbehaving.mjs'), 'silent'], cwd: null, env: {} });
    const table = new SessionTable(core, 120_000);
    const p = principal('key_hangup000000');
    p.rules = [{ effect: 'allow', pattern: 'silent:*' }];
    const session = table.open('silent', p) as GatewaySession;
    const msg = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'work' } } as const;
    let res!: ServerResponse;
    const server = createServer((_req, r) => {
      res = r;
      session.post(r, p, msg, Buffer.from(JSON.stringify(msg) + '\n'));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/' });
    req.on('error', () => undefined);
    req.end('{}');
    await vi.waitFor(() => expect(session.idleSince()).toBeNull());
    const closed = new Promise<void>((ok) => res.on('close', () => ok()));
    req.destroy();
    await closed;
    expect(session.idleSince()).not.toBeNull();
    server.close();
    table.closeAll();
  });

  it('past a principal\'s cap to a server, replaces its longest-idle session there; other servers and principals count apart', () => {
    const { core } = cores.open();
    core.settings.update({ gatewaySessionsPerPrincipal: 2 });
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const table = new SessionTable(core, 120_000);
    const first = table.open('srv', principal('key_one000000000')) as GatewaySession;
    vi.advanceTimersByTime(1000);
    const second = table.open('srv', principal('key_one000000000')) as GatewaySession;
    const elsewhere = table.open('other', principal('key_one000000000'));
    expect(elsewhere).toBeInstanceOf(GatewaySession);
    const third = table.open('srv', principal('key_one000000000'));
    expect(third).toBeInstanceOf(GatewaySession);
    expect(table.get(first.id)).toBeUndefined(); // the longest idle went; its client gets 404 next
    expect(table.get(second.id)).toBe(second);
    expect(core.live.list().map((s) => s.id).sort()).toEqual([second.id, (elsewhere as GatewaySession).id, (third as GatewaySession).id].sort());
    core.audit.flush();
    table.closeAll();
  });

  it('refuses past the cap when every session is busy, and says when to retry: when the first would end idle', async () => {
    const { core } = cores.open();
    core.settings.update({ gatewaySessionsPerPrincipal: 1 });
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const table = new SessionTable(core, 120_000);
    const busy = table.open('srv', principal('key_one000000000')) as GatewaySession;
    const stream = await openStream(busy);
    const refused = table.open('srv', principal('key_one000000000'));
    // All busy: no session would end idle sooner than the idle time itself.
    expect(refused).toMatchObject({ status: 429, headers: { 'Retry-After': '300' }, data: { reason: 'session_limit_principal', retryAfterMs: 300_000 } });
    expect((refused as { message: string }).message).toMatch(/API key "key_one000000000" has 1 sessions to srv in use/);
    expect(table.open('srv', principal('key_two000000000'))).toBeInstanceOf(GatewaySession);
    await stream.end();
    vi.advanceTimersByTime(60_000);
    // Idle now: the next one replaces it instead of waiting out the 4 minutes left.
    expect(table.open('srv', principal('key_one000000000'))).toBeInstanceOf(GatewaySession);
    expect(table.get(busy.id)).toBeUndefined();
    table.closeAll();
  });
});
