// The HTTP server in-process with a fake admin API: the parts the CLI-level test
// cannot reach cheaply (expiry clocks, symlinks, the mount seam, chunked uploads).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminApi, CallContext } from '../../src-main/api';
import { createHttpServer, type GatehouseHttpServer } from '../../src-main/http';
import { memoryLogger } from '../helpers/log';
import { AdminSessions } from '../../src-main/http/admin-sessions';
import { createRouter } from '../../src-main/http/router';
import { checkTarget } from '../../src-main/http/request-guard';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-http-unit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function builtUi(): string {
  const dir = tmp();
  mkdirSync(join(dir, 'ui/assets'), { recursive: true });
  writeFileSync(join(dir, 'ui/index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'ui/assets/index-AbCd1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'ui/favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
  return join(dir, 'ui');
}

type Call = { method: string; input: unknown; ctx: CallContext };
function fakeApi(answer: (c: Call) => Awaited<ReturnType<AdminApi['dispatch']>> = () => ({ data: 'ok' })) {
  const calls: Call[] = [];
  const api: AdminApi = {
    async dispatch(method, input, ctx) {
      calls.push({ method, input, ctx });
      return answer({ method, input, ctx });
    },
  };
  return { api, calls };
}

async function start(opts: { api?: AdminApi; staticDir?: string } = {}): Promise<GatehouseHttpServer> {
  const s = await createHttpServer({ api: opts.api ?? fakeApi().api, staticDir: opts.staticDir ?? builtUi() });
  cleanups.push(() => s.close());
  return s;
}

async function signIn(s: GatehouseHttpServer): Promise<string> {
  const res = await fetch(s.adminLoginUrl(), { redirect: 'manual' });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

function post(s: GatehouseHttpServer, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${s.url}${path}`, { method: 'POST', headers: { Origin: s.url, 'Content-Type': 'application/json', ...headers }, body });
}

describe('AdminSessions', () => {
  it('spends a token once and tells "used" from "invalid"', () => {
    const sessions = new AdminSessions();
    const token = sessions.mintLoginToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = sessions.redeemLoginToken(token);
    expect(first.ok).toBe(true);
    expect(sessions.redeemLoginToken(token)).toEqual({ ok: false, reason: 'used' });
    expect(sessions.redeemLoginToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of [undefined, null, '', 'x'.repeat(10_000), `${token} `]) {
      expect(sessions.redeemLoginToken(bad)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('keeps several links valid at once; each works once', () => {
    const sessions = new AdminSessions();
    const a = sessions.mintLoginToken();
    const b = sessions.mintLoginToken();
    expect(sessions.redeemLoginToken(b).ok).toBe(true);
    expect(sessions.redeemLoginToken(a).ok).toBe(true);
    expect(sessions.redeemLoginToken(a).ok).toBe(false);
  });

  it('ends a session after the idle time and after the absolute time', () => {
    let now = 0;
    const sessions = new AdminSessions({ idleMs: 1000, absoluteMs: 5000, now: () => now });
    const r = sessions.redeemLoginToken(sessions.mintLoginToken());
    if (!r.ok) throw new Error('no session');
    now = 900;
    expect(sessions.touch(r.sessionId)).toBe(true);
    now = 1800; // 900 ms since last use: still alive
    expect(sessions.touch(r.sessionId)).toBe(true);
    now = 2801;
    expect(sessions.touch(r.sessionId)).toBe(false);

    const r2 = sessions.redeemLoginToken(sessions.mintLoginToken());
    if (!r2.ok) throw new Error('no session');
    const createdAt = now;
    // Used every 900 ms, so never idle: alive until 5 s after sign-in, then gone.
    while (now + 900 - createdAt <= 5000) {
      now += 900;
      expect(sessions.touch(r2.sessionId)).toBe(true);
    }
    now += 900;
    expect(sessions.touch(r2.sessionId)).toBe(false);
  });
});

describe('router and guards', () => {
  it('matches the longest prefix, and /admin not /administrator', () => {
    const router = createRouter();
    const a = () => {};
    const b = () => {};
    router.mount('/admin', a);
    router.mount('/admin/api/', b);
    expect(router.match('/admin')?.handler).toBe(a);
    expect(router.match('/admin/x')?.handler).toBe(a);
    expect(router.match('/admin/api/keys.list')?.handler).toBe(b);
    expect(router.match('/administrator')).toBeUndefined();
    expect(() => router.mount('/admin', a)).toThrow(/already mounted/);
  });

  it('refuses odd request targets', () => {
    for (const t of ['*', 'http://evil.example/admin/', '//evil.example/', '/a/../b', '/a/%2E%2E/b', '/a/..%2fb', '/a%00']) {
      expect(checkTarget(t), t).not.toBeNull();
    }
    for (const t of ['/admin/', '/admin/assets/index-1.js', '/admin/login?token=a..b', '/a/..b/c']) {
      expect(checkTarget(t), t).toBeNull();
    }
  });
});

describe('createHttpServer', () => {
  it('binds loopback on a free port', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('hands the parsed body to dispatch as admin-web and answers the envelope with the mapped status', async () => {
    const { api, calls } = fakeApi(({ method }) =>
      method === 'keys.revoke' ? { error: { code: 'READ_ONLY', message: 'read-only' } } : { data: { ok: true } },
    );
    const s = await start({ api });
    const cookie = await signIn(s);
    const ok = await post(s, '/admin/api/keys.get', '{"id":"key_abcdefgh"}', { Cookie: cookie });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { ok: true } });
    expect(calls).toEqual([{ method: 'keys.get', input: { id: 'key_abcdefgh' }, ctx: { actor: 'admin-web' } }]);
    const ro = await post(s, '/admin/api/keys.revoke', '{"id":"key_abcdefgh"}', { Cookie: cookie });
    expect(ro.status).toBe(409);
    // An empty body is "no input"; dispatch turns it into {}.
    await post(s, '/admin/api/keys.list', '', { Cookie: cookie });
    expect(calls.at(-1)?.input).toBeUndefined();
  });

  it('stops reading a chunked upload past the limit', async () => {
    const s = await start();
    const cookie = await signIn(s);
    const port = Number(new URL(s.url).port);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/admin/api/keys.list', headers: { Origin: s.url, Cookie: cookie, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      for (let i = 0; i < 5; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('does not spend a link on HEAD, and signs out on POST /admin/logout', async () => {
    const s = await start();
    const link = s.adminLoginUrl();
    const head = await fetch(link, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(405);
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await post(s, '/admin/api/keys.list', '{}', { Cookie: cookie })).status).toBe(200);
    const out = await post(s, '/admin/logout', '', { Cookie: cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await post(s, '/admin/api/keys.list', '{}', { Cookie: cookie })).status).toBe(401);
  });

  it('says "run npm run build" when the UI is not built', async () => {
    const s = await start({ staticDir: join(tmp(), 'missing') });
    const cookie = await signIn(s);
    const res = await fetch(`${s.url}/admin/`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('serves files with the right type and cache policy, and no symlink out of the UI dir', async () => {
    const ui = builtUi();
    symlinkSync(join(ui, '../secret.txt'), join(ui, 'leak.txt'));
    const s = await start({ staticDir: ui });
    const hashed = await fetch(`${s.url}/admin/assets/index-AbCd1234.js`);
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await fetch(`${s.url}/admin/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const leak = await fetch(`${s.url}/admin/leak.txt`);
    expect(leak.status).toBe(404);
    expect(await leak.text()).not.toContain('TOP SECRET');
    expect((await fetch(`${s.url}/admin/assets/`)).status).toBe(404);
  });

  it('gives later mounts the same guards: own origin only, unless the mount allows cross-origin', async () => {
    const s = await start();
    s.mount('/strict', (_req, res) => void res.end('strict'));
    s.mount('/mcp/', (_req, res) => void res.end('gateway'), { crossOrigin: 'allow' });
    const strict = await fetch(`${s.url}/strict`, { method: 'POST', body: 'x' });
    expect(strict.status).toBe(403);
    const gateway = await fetch(`${s.url}/mcp/everything`, { method: 'POST', body: 'x', headers: { Origin: 'http://evil.example' } });
    expect(gateway.status).toBe(200);
    expect(gateway.headers.get('x-frame-options')).toBe('DENY');
    expect(await gateway.text()).toBe('gateway');
  });

  it('answers 500 without details when a mount throws, and logs no query string', async () => {
    const { logger, lines } = memoryLogger();
    const s = await createHttpServer({ api: fakeApi().api, staticDir: builtUi(), logger });
    cleanups.push(() => s.close());
    s.mount('/boom', () => {
      throw new Error('secret detail');
    });
    const res = await fetch(`${s.url}/boom?token=abc`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret detail');
    expect(lines.join('\n')).toContain('/boom');
    expect(lines.join('\n')).not.toContain('abc');
    expect(lines.join('\n')).not.toContain('secret detail');
  });
});
