// security.ts: navigation, new windows, <webview>, permissions and the CSP.
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenApp, isExternalWebUrl } from '../../src-main/app/security';
import { appUrlMatcher } from '../../src-main/app/protocol';

type Listener = (...args: unknown[]) => unknown;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    listeners,
    open: (url: string) => openHandler!({ url }),
    on: vi.fn((event: string, l: Listener) => {
      listeners.set(event, l);
    }),
    setWindowOpenHandler: vi.fn((h: (d: { url: string }) => { action: string }) => {
      openHandler = h;
    }),
  };
}

function setup(entry = 'app://gatehouse/index.html') {
  const appListeners = new Map<string, Listener>();
  const app = { on: vi.fn((e: string, l: Listener) => appListeners.set(e, l)) };
  let requestHandler: Listener | undefined;
  let checkHandler: Listener | undefined;
  const session = {
    setPermissionRequestHandler: vi.fn((h: Listener) => {
      requestHandler = h;
    }),
    setPermissionCheckHandler: vi.fn((h: Listener) => {
      checkHandler = h;
    }),
  };
  const shell = { openExternal: vi.fn(async () => undefined) };
  hardenApp({ app: app as never, session: session as never, shell: shell as never, isAppUrl: appUrlMatcher(entry) });
  const contents = fakeContents();
  appListeners.get('web-contents-created')!({}, contents);
  return { contents, shell, request: requestHandler!, check: checkHandler! };
}

function navigate(contents: ReturnType<typeof fakeContents>, event: string, url: string): boolean {
  const e = { url, preventDefault: vi.fn() };
  contents.listeners.get(event)!(e, url);
  return e.preventDefault.mock.calls.length === 0;
}

describe('hardenApp', () => {
  it('blocks navigation and redirects away from the app origin', () => {
    const { contents } = setup();
    expect(navigate(contents, 'will-navigate', 'app://gatehouse/index.html#/keys')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:7337/admin/',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(navigate(contents, 'will-navigate', url), url).toBe(false);
      expect(navigate(contents, 'will-redirect', url), url).toBe(false);
    }
  });

  it('in dev, only the dev server origin is the app', () => {
    const { contents } = setup('http://localhost:5173/');
    expect(navigate(contents, 'will-navigate', 'http://localhost:5173/#/keys')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'http://localhost:5174/')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'app://gatehouse/index.html')).toBe(false);
  });

  it('denies every window.open and hands only http/https URLs to the browser', () => {
    const { contents, shell } = setup();
    expect(contents.open('https://modelcontextprotocol.io/')).toEqual({ action: 'deny' });
    expect(contents.open('http://example.com/docs')).toEqual({ action: 'deny' });
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'app://gatehouse/index.html',
      'ms-settings:privacy',
      'vscode://x',
      'smb://host/share',
      '',
    ]) {
      expect(contents.open(url), url).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual([
      'https://modelcontextprotocol.io/',
      'http://example.com/docs',
    ]);
  });

  it('prevents <webview> attachment', () => {
    const { contents } = setup();
    const e = { preventDefault: vi.fn() };
    contents.listeners.get('will-attach-webview')!(e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies permission requests and checks (clipboard write only for the app itself)', () => {
    const { request, check } = setup();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid']) {
      const cb = vi.fn();
      request({}, permission, cb, { requestingUrl: 'app://gatehouse/index.html' });
      expect(cb, permission).toHaveBeenCalledWith(false);
      expect(check({}, permission, 'app://gatehouse', {}), permission).toBe(false);
    }
    const cb = vi.fn();
    request({}, 'clipboard-sanitized-write', cb, { requestingUrl: 'https://evil.example/' });
    expect(cb).toHaveBeenCalledWith(false);
    expect(check({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
    const ok = vi.fn();
    request({}, 'clipboard-sanitized-write', ok, { requestingUrl: 'app://gatehouse/index.html' });
    expect(ok).toHaveBeenCalledWith(true);
    expect(check({}, 'clipboard-sanitized-write', 'app://gatehouse', {})).toBe(true);
  });

  it('isExternalWebUrl accepts only http and https', () => {
    expect(isExternalWebUrl('https://a.example')).toBe(true);
    expect(isExternalWebUrl('HTTP://A.EXAMPLE')).toBe(true);
    expect(isExternalWebUrl('file:///x')).toBe(false);
    expect(isExternalWebUrl('javascript:void 0')).toBe(false);
    expect(isExternalWebUrl('//evil.example')).toBe(false);
  });

  it('the CSP allows only the app itself to run scripts and forbids framing', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
