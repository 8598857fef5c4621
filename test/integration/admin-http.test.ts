// `gatehouse serve` as a user runs it: the built CLI in its own process, driven
// over HTTP. Needs `npx electron-vite build` first (`npm test` builds).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/gatehouse');

interface Ready {
  issuer: string;
  admin_url: string;
  gateway_base: string;
}

interface Serve {
  proc: ChildProcessWithoutNullStreams;
  ready: Ready;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startServe(dataDir: string): Promise<Serve> {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('not built: run `npx electron-vite build` first');
  const proc = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0', '--json'], {
    env: { ...process.env, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no ready line within 10 s; stderr: ${err}`)), 10_000);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const ready = JSON.parse(out.slice(0, nl)) as Ready;
      res({ proc, ready, port: Number(new URL(ready.issuer).port), stderr: () => err, exited });
    });
    void exited.then((code) => rej(new Error(`serve exited with ${code} before ready; stderr: ${err}`)));
  });
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, because fetch neither lets us set Host nor sends `..` segments unchanged. */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
    });
    req.on('error', rej);
    req.end(opts.body);
  });
}

describe('gatehouse serve: admin over HTTP', () => {
  let dataDir: string;
  let serve: Serve;
  let origin: string;
  let cookie: string;

  /** POST /admin/api/<method> as the admin page would, with overrides for the attacks. */
  function api(method: string, body: unknown, opts: { cookie?: string | null; origin?: string | null; contentType?: string; rawBody?: string } = {}) {
    const headers: Record<string, string> = { 'Content-Type': opts.contentType ?? 'application/json' };
    const c = opts.cookie === undefined ? cookie : opts.cookie;
    if (c) headers.Cookie = c;
    const o = opts.origin === undefined ? origin : opts.origin;
    if (o) headers.Origin = o;
    return fetch(`${origin}/admin/api/${method}`, { method: 'POST', headers, body: opts.rawBody ?? JSON.stringify(body) });
  }

  async function login(url: string): Promise<Response> {
    return fetch(url, { redirect: 'manual' });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-http-'));
    serve = await startServe(dataDir);
    origin = serve.ready.issuer;
    const res = await login(serve.ready.admin_url);
    expect(res.status).toBe(303);
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });

  afterAll(() => {
    if (serve && serve.proc.exitCode === null) serve.proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one JSON ready line with the issuer, a one-time admin link and the gateway base', () => {
    expect(serve.ready.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.ready.admin_url).toMatch(new RegExp(`^${origin}/admin/login\\?token=[A-Za-z0-9_-]{43}$`));
    expect(serve.ready.gateway_base).toBe(`${origin}/mcp/`);
  });

  it('signs in once per link: a session cookie that scripts cannot read, then the link is spent', async () => {
    // A fresh server so this test owns its link.
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-http-'));
    const s = await startServe(dir);
    try {
      const first = await login(s.ready.admin_url);
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/admin/');
      const setCookie = first.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^gh_session=[A-Za-z0-9_-]{43}; /);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/admin');
      expect(setCookie).not.toContain('Secure'); // plain http on loopback

      const second = await login(s.ready.admin_url);
      expect(second.status).toBe(401);
      expect(second.headers.get('set-cookie')).toBeNull();
      expect(await second.text()).toContain('already used');

      const forged = await login(`${s.ready.issuer}/admin/login?token=${randomBytes(32).toString('base64url')}`);
      expect(forged.status).toBe(401);
      expect(forged.headers.get('set-cookie')).toBeNull();

      // The session from the first use works.
      const res = await fetch(`${s.ready.issuer}/admin/api/system.status`, {
        method: 'POST',
        headers: { Cookie: setCookie.split(';')[0]!, Origin: s.ready.issuer, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
    } finally {
      s.proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the admin API without a session, or with a made-up one', async () => {
    for (const c of [null, `gh_session=${randomBytes(32).toString('base64url')}`]) {
      const res = await api('keys.list', {}, { cookie: c });
      expect(res.status).toBe(401);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('creates and lists keys with the session', async () => {
    const created = await api('keys.create', {
      name: 'ci bot',
      expiresInSeconds: null,
      rules: [{ effect: 'allow', pattern: 'everything:*' }],
      rateLimit: { limit: 10, window: 'minute' },
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { data } = (await created.json()) as { data: { key: { id: string; name: string }; secret: string } };
    expect(data.key.name).toBe('ci bot');
    expect(data.secret).toMatch(/^ghk_/);

    const listed = await api('keys.list', {});
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { data: { keys: Array<{ id: string; name: string }>; nextCursor: string | null } };
    expect(list.data.keys.map((k) => k.id)).toContain(data.key.id);
    expect(list.data.nextCursor).toBeNull();
    // The list never carries a secret.
    expect(JSON.stringify(list)).not.toContain(data.secret);
  });

  it('maps API errors to statuses: invalid input 400, unknown id 404, unknown method 404', async () => {
    const bad = await api('keys.create', { name: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });

    const missing = await api('keys.get', { id: 'key_doesnotexist' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const unknown = await api('keys.explode', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } });

    const get = await fetch(`${origin}/admin/api/keys.list`, { headers: { Cookie: cookie } });
    expect(get.status).toBe(405);
  });

  it('refuses a request whose Host is not this server (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${serve.port}`, `127.0.0.1:${serve.port + 1}`, `127.0.0.2:${serve.port}`]) {
      const res = await raw(serve.port, { path: '/admin/', headers: { Host: host, Cookie: cookie } });
      expect(res.status, host).toBe(421);
    }
    const post = await raw(serve.port, {
      method: 'POST',
      path: '/admin/api/keys.list',
      headers: { Host: 'evil.example', Origin: 'http://evil.example', Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(421);
    expect(post.body).not.toContain('"data"');
    // The loopback names of this very server are fine.
    for (const host of [`localhost:${serve.port}`, `127.0.0.1:${serve.port}`]) {
      const res = await raw(serve.port, { path: '/admin/', headers: { Host: host, Cookie: cookie } });
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses cross-origin and Origin-less state changes (CSRF), even with the session cookie', async () => {
    for (const o of ['http://evil.example', 'null', `http://127.0.0.1:${serve.port + 1}`, `https://127.0.0.1:${serve.port}`]) {
      const res = await api('keys.list', {}, { origin: o });
      expect(res.status, o).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    const noOrigin = await api('keys.list', {}, { origin: null });
    expect(noOrigin.status).toBe(403);

    const crossSite = await fetch(`${origin}/admin/api/keys.list`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);

    // Origin must match the Host used: localhost with a 127.0.0.1 Origin is cross-origin.
    const mixed = await raw(serve.port, {
      method: 'POST',
      path: '/admin/api/keys.list',
      headers: { Host: `localhost:${serve.port}`, Origin: origin, Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(mixed.status).toBe(403);
    const same = await raw(serve.port, {
      method: 'POST',
      path: '/admin/api/keys.list',
      headers: { Host: `localhost:${serve.port}`, Origin: `http://localhost:${serve.port}`, Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('accepts only JSON bodies of sane size', async () => {
    const form = await api('keys.list', {}, { contentType: 'application/x-www-form-urlencoded', rawBody: 'a=1' });
    expect(form.status).toBe(415);
    const text = await api('keys.list', {}, { contentType: 'text/plain', rawBody: '{}' });
    expect(text.status).toBe(415);
    const utf8 = await api('keys.list', {}, { contentType: 'application/json; charset=utf-8' });
    expect(utf8.status).toBe(200);

    // The answer comes before the 2 MB are sent and the connection closes after it: read
    // the answer as it arrives (fetch may fail its upload with EPIPE first).
    const big = await new Promise<{ status: number; body: string }>((done, fail) => {
      const payload = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
      const req = request(`${origin}/admin/api/keys.create`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Cookie: cookie, Origin: origin },
      }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => done({ status: res.statusCode!, body }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : fail(e)));
      req.end(payload);
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const malformed = await api('keys.create', null, { rawBody: '{"name": "oops",' });
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toMatch(/not valid JSON/);
    expect(body.error.message).not.toContain('oops'); // the body is not echoed
  });

  it('serves the built UI under /admin/ with the security headers', async () => {
    const redirect = await fetch(`${origin}/admin`, { redirect: 'manual', headers: { Cookie: cookie } });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/admin/');

    const page = await fetch(`${origin}/admin/`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const html = await page.text();
    expect(html).toContain('<div id="root">');

    const script = readdirSync(join(ROOT, 'out/renderer/assets')).find((f) => f.endsWith('.js'));
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}/admin/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    // Without a session the page says how to sign in, still with the headers.
    const signedOut = await fetch(`${origin}/admin/`);
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await signedOut.text()).toContain('gatehouse serve');

    // Unknown paths: 404, headers still there.
    const nothing = await fetch(`${origin}/nothing-here`);
    expect(nothing.status).toBe(404);
    expect(nothing.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${origin}/admin/nope.js`, { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('refuses path traversal out of the UI directory', async () => {
    for (const path of [
      '/admin/../package.json',
      '/admin/../../../../etc/passwd',
      '/admin/%2e%2e/package.json',
      '/admin/assets/..%2f..%2f..%2fpackage.json',
      '/admin/assets/%2e%2e%2f%2e%2e%2fmain%2fcli.js',
      '/admin/..%5c..%5cpackage.json',
      '/admin/.%2e/.%2e/package.json',
    ]) {
      const res = await raw(serve.port, { path, headers: { Host: `127.0.0.1:${serve.port}`, Cookie: cookie } });
      expect([400, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain('"name": "gatehouse"');
      expect(res.body, path).not.toContain('root:');
    }
  });

  it('never writes a token, a cookie or a request body to its log', () => {
    const log = serve.stderr();
    expect(log).not.toContain(new URL(serve.ready.admin_url).searchParams.get('token'));
    expect(log).not.toContain(cookie.split('=')[1]);
    expect(log).not.toContain('ci bot');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const t0 = Date.now();
    serve.proc.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
});
