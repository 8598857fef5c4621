// Issue 11, observation 4: gateway sessions are bounded. Each session to a stdio server
// starts a server process, so one principal may hold only so many to a server (its idle
// one is replaced past that, 429 when all are in use) and
// everyone together only so many (503), each with Retry-After and a JSON-RPC error that
// names the setting; the admin sees live sessions per principal and ends one.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewaySessionInfo, Settings } from '../../src-preload/contract';
import { queryAudit } from '../../src-main/core/audit/query';
import { ENGINES, serveEngines } from './engine-serve';
import { FIXTURES, INIT, makeHome, type TestHome } from './guard-harness';
import { mcpHeaders, startServe, type Serving } from './serve-harness';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  let home: TestHome;
  let serve: Serving;
  let alice: { id: string; secret: string };
  let bob: { id: string; secret: string };

  beforeAll(async () => {
    home = makeHome([{ name: 'echo', command: process.execPath, args: [join(FIXTURES, 'echo.mjs')] }], await engines.databaseUrl(engine));
    home.core.exposure.set('echo', { exposed: true, acceptApiKeys: true });
    alice = home.newKey('alice', [{ effect: 'allow', pattern: 'echo:*' }]);
    bob = home.newKey('bob', [{ effect: 'allow', pattern: 'echo:*' }]);
    home.core.settings.update({ gatewaySessionsPerPrincipal: 2, gatewaySessionsTotal: 3 } as Partial<Settings>);
    serve = await startServe(home);
  });
  afterAll(async () => {
    await serve?.stop();
    home?.close();
  });

  const url = () => `${serve.gatewayBase}echo`;

  async function open(secret: string) {
    const r = await fetch(url(), { method: 'POST', headers: mcpHeaders(secret), body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT }) });
    return { status: r.status, session: r.headers.get('mcp-session-id'), retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { error?: { code: number; message: string; data?: { reason: string } } } };
  }

  async function call(secret: string, session: string) {
    const r = await fetch(url(), { method: 'POST', headers: mcpHeaders(secret, session), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' } } }) });
    return r.status;
  }

  /** Opens the session's GET stream (the session is in use while it is open); the returned function closes it. */
  async function holdStream(secret: string, session: string): Promise<() => void> {
    const ctl = new AbortController();
    const r = await fetch(url(), { method: 'GET', headers: { ...mcpHeaders(secret, session), accept: 'text/event-stream' }, signal: ctl.signal });
    expect(r.status).toBe(200);
    return () => ctl.abort();
  }

  describe('gateway: bounded sessions', () => {
    it('past a principal\'s cap replaces its idle session; refuses with 429 when all are in use, everyone past the total with 503, each with Retry-After; DELETE frees a slot', async () => {
      const a1 = await open(alice.secret);
      expect(a1.status).toBe(200);
      const a2 = await open(alice.secret);
      expect(a2.status).toBe(200);
      // A client app restarted without ending its session: the idle one is replaced.
      const a3 = await open(alice.secret);
      expect(a3.status).toBe(200);
      expect(await call(alice.secret, a1.session!)).toBe(404);
      expect(await call(alice.secret, a2.session!)).toBe(200);

      // Both of alice's sessions in use (their GET streams open): the next is refused.
      const streams = await Promise.all([a2, a3].map((a) => holdStream(alice.secret, a.session!)));
      const a4 = await open(alice.secret);
      expect(a4.status).toBe(429);
      expect(Number(a4.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(a4.body.error).toMatchObject({ code: -32000, data: { reason: 'session_limit_principal' } });
      expect(a4.body.error!.message).toMatch(/API key "alice" has 2 sessions to echo in use, its limit \(setting gatewaySessionsPerPrincipal\)/);

      const b1 = await open(bob.secret);
      expect(b1.status).toBe(200);
      const b2 = await open(bob.secret);
      expect(b2.status).toBe(503);
      expect(Number(b2.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(b2.body.error!.message).toMatch(/the gateway holds 3 sessions, its limit \(setting gatewaySessionsTotal\)/);

      streams.forEach((abort) => abort());
      const del = await fetch(url(), { method: 'DELETE', headers: mcpHeaders(alice.secret, a2.session!) });
      expect(del.status).toBe(200);
      expect((await open(bob.secret)).status).toBe(200);
      home.core.audit.flush();
      const events = queryAudit(home.core.sql, { limit: 100 }).events;
      expect(events.filter((e) => e.action === 'gateway.session.refused').map((e) => e.reason).sort()).toEqual(['session_limit_principal', 'session_limit_total']);
      expect(events.filter((e) => e.action === 'gateway.session.end' && e.reason === 'replaced')).toHaveLength(1);
      // Clean slate for the next test.
      for (const s of (await serve.admin<GatewaySessionInfo[]>('servers.sessions')).data!) await serve.admin('servers.sessions.end', { id: s.id });
    });

    it('takes the caps and the idle expiry from Settings (admin API), defaults stated', async () => {
      const got = await serve.admin<Settings>('settings.get');
      expect(got.data).toMatchObject({ gatewaySessionsPerPrincipal: 2, gatewaySessionsTotal: 3, gatewaySessionIdleMinutes: 5 });
      const bad = await serve.admin('settings.update', { gatewaySessionsPerPrincipal: 0 });
      expect(bad.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/^gatewaySessionsPerPrincipal: /) });
      const set = await serve.admin<Settings>('settings.update', { gatewaySessionIdleMinutes: 10 });
      expect(set.data!.gatewaySessionIdleMinutes).toBe(10);
    });

    it('lists live sessions per principal; the admin ends one, its client gets 404 next, and it is audited', async () => {
      const a = await open(alice.secret);
      const b = await open(bob.secret);
      expect(await call(alice.secret, a.session!)).toBe(200);
      const live = (await serve.admin<GatewaySessionInfo[]>('servers.sessions')).data!;
      expect(live.map((s) => [s.principalName, s.server]).sort()).toEqual([
        ['alice', 'echo'],
        ['bob', 'echo'],
      ]);
      const ended = await serve.admin<GatewaySessionInfo>('servers.sessions.end', { id: a.session });
      expect(ended.data).toMatchObject({ id: a.session, principalName: 'alice' });
      expect(await call(alice.secret, a.session!)).toBe(404);
      expect(await call(bob.secret, b.session!)).toBe(200);
      expect((await serve.admin<GatewaySessionInfo[]>('servers.sessions')).data!.map((s) => s.principalName)).toEqual(['bob']);
      const again = await serve.admin('servers.sessions.end', { id: a.session });
      expect(again.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has ended already/) });
      home.core.audit.flush();
      const rows = queryAudit(home.core.sql, { limit: 100 }).events.filter((e) => e.action === 'gateway.session.end');
      expect(rows[0]).toMatchObject({ actor: 'admin-web', principalId: alice.id, server: 'echo', reason: 'admin' });
    });
  });
});
