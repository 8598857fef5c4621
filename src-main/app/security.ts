// Hardening that applies to every web contents the app creates, following the
// Electron security checklist: no navigation away from the app, no new windows
// (http/https links open in the user's browser), no <webview>, no permissions
// (except a sanitized clipboard write for the app itself: the "Copy key" button).
import type { App, Session, Shell, WebContents } from 'electron';

/**
 * CSP of the app:// responses. Scripts only from the app itself; inline styles are
 * allowed because Radix and recharts position elements with style attributes.
 * The renderer talks to the main process over IPC only, so connect-src is 'self'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only web links leave the app; file:, javascript:, data: and custom schemes never do. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** The one permission the app's own pages may use; everything else is refused. */
const ALLOWED_FOR_APP = new Set(['clipboard-sanitized-write']);

export interface HardenOptions {
  app: Pick<App, 'on'>;
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  shell: Pick<Shell, 'openExternal'>;
  /** True for URLs of the app's own origin (app://gatehouse, or the dev server). */
  isAppUrl: (url: string) => boolean;
}

type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(
  contents: HardenedContents,
  shell: Pick<Shell, 'openExternal'>,
  isAppUrl: (url: string) => boolean,
): void {
  // Electron passes the URL both on the event (newer) and as an argument (older).
  const guardNavigation = (event: { preventDefault(): void; url?: string }, url?: string) => {
    const target = event.url ?? url ?? '';
    if (!isAppUrl(target)) event.preventDefault();
  };
  contents.on('will-navigate', guardNavigation as never);
  contents.on('will-redirect', guardNavigation as never);
  contents.on('will-attach-webview', ((event: { preventDefault(): void }) => event.preventDefault()) as never);
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      shell.openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

export function hardenApp({ app, session, shell, isAppUrl }: HardenOptions): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const from = details?.requestingUrl ?? '';
    callback(ALLOWED_FOR_APP.has(permission) && isAppUrl(from));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return ALLOWED_FOR_APP.has(permission) && isAppUrl(requestingOrigin);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell, isAppUrl));
}
