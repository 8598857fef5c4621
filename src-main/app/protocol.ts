// The renderer is served from a privileged custom scheme, app://gatehouse/, rather
// than file://: a file:// page could read any file and every file:// URL shares one
// origin. The handler only serves files under out/renderer and refuses traversal.
// In development (electron-vite dev) the Vite dev server URL is loaded instead.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { contentTypeOf } from '../core/content-types';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'gatehouse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. `standard` gives the scheme real origins and relative URLs. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/**
 * The URL the window loads. The dev server URL is honoured only in an unpackaged
 * app: an environment variable must never point a packaged app at remote code.
 */
export function rendererEntry(env: NodeJS.ProcessEnv, isPackaged: boolean): { url: string; dev: boolean } {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && devUrl && isLoopbackHttpUrl(devUrl)) return { url: devUrl, dev: true };
  return { url: APP_ENTRY_URL, dev: false };
}

function isLoopbackHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** Same scheme, host and port as the entry URL. (URL.origin is "null" for custom schemes.) */
export function sameOrigin(url: string, entryUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(entryUrl);
  } catch {
    return false;
  }
  return a.protocol === b.protocol && a.host === b.host;
}

export function appUrlMatcher(entryUrl: string): (url: string) => boolean {
  return (url) => sameOrigin(url, entryUrl);
}

/** The file under `root` that an app:// URL names, or null when it is not one we serve. */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    // The URL parser already folds `..` segments; decoding can bring back `..`,
    // `%2f` or `\`, so the result is checked against the root again below.
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${pathname}`);
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}


/** Headers on every app:// response, the CSP first of all. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const notFound = () =>
      new Response('not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: appResponseHeaders('text/plain; charset=utf-8') });
    }
    const file = resolveAppPath(root, request.url);
    if (!file) return notFound();
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound();
      const body = await readFile(file);
      const type = contentTypeOf(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: appResponseHeaders(type) });
    } catch {
      return notFound();
    }
  };
}

/** Serves out/renderer on app://gatehouse/ (after ready). */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
