// protocol.ts: app://gatehouse/ serves out/renderer only, with the CSP, and refuses traversal.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  createAppProtocolHandler,
  registerAppScheme,
  rendererEntry,
  resolveAppPath,
  sameOrigin,
  serveApp,
} from '../../src-main/app/protocol';
import { CONTENT_SECURITY_POLICY } from '../../src-main/app/security';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'gatehouse-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  // A secret next to the renderer dir, and one in a sibling whose name starts the same.
  writeFileSync(join(base, 'master.key'), 'SECRET');
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'SECRET');
});

const get = (url: string, method = 'GET') => createAppProtocolHandler(root)(new Request(url, { method }));

describe('app:// protocol', () => {
  it('registers a standard, secure scheme', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const handle = vi.fn();
    serveApp({ handle }, root);
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves files under the renderer dir with the CSP header', async () => {
    const res = await get(APP_ENTRY_URL);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Gatehouse</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await get('app://gatehouse/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://gatehouse/')).status).toBe(200);
  });

  it('refuses path traversal in every spelling', async () => {
    const attempts = [
      'app://gatehouse/../master.key',
      'app://gatehouse/%2e%2e/master.key',
      'app://gatehouse/..%2fmaster.key',
      'app://gatehouse/..%2Fmaster.key',
      'app://gatehouse/assets/..%2f..%2fmaster.key',
      'app://gatehouse/..%5cmaster.key',
      'app://gatehouse/%2e%2e%5cmaster.key',
      'app://gatehouse/..%252fmaster.key',
      'app://gatehouse/%2e%2e%2frenderer-evil/x.js',
      'app://gatehouse/index.html%00.js',
      'app://gatehouse/%E0%A4%A',
    ];
    for (const url of attempts) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      const body = await res.text();
      expect(body, url).not.toContain('SECRET');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(resolveAppPath(root, 'app://gatehouse/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'app://gatehouse/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it('serves only its own host, files (not directories) and GET/HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://gatehouse/assets')).status).toBe(404);
    expect((await get('app://gatehouse/missing.js')).status).toBe(404);
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    expect(resolveAppPath(root, 'https://gatehouse/index.html')).toBeNull();
  });

  it('loads the dev server only in an unpackaged app, and only a loopback one', () => {
    expect(rendererEntry({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toEqual({
      url: 'http://localhost:5173',
      dev: true,
    });
    expect(rendererEntry({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toEqual({ url: APP_ENTRY_URL, dev: false });
    expect(rendererEntry({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toEqual({ url: APP_ENTRY_URL, dev: false });
    expect(rendererEntry({ ELECTRON_RENDERER_URL: 'http://localhost.evil.example/' }, false).dev).toBe(false);
    expect(rendererEntry({}, false)).toEqual({ url: APP_ENTRY_URL, dev: false });
  });

  it('compares origins by scheme, host and port', () => {
    expect(sameOrigin('app://gatehouse/a/b.html', APP_ENTRY_URL)).toBe(true);
    expect(sameOrigin('app://gatehouse.evil/', APP_ENTRY_URL)).toBe(false);
    expect(sameOrigin('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(sameOrigin('http://localhost:5174/x', 'http://localhost:5173/')).toBe(false);
    expect(sameOrigin('garbage', APP_ENTRY_URL)).toBe(false);
  });
});
