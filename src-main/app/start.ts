// The desktop app's lifecycle: one instance, sandboxed renderers, the core opened
// on ready (a failure to open it is shown and ends the app: a wrong master key must
// never lead to a new key), the IPC binding, one window, a tray icon that keeps the
// services up with the window closed, and the core closed on quit.
// Electron and the core are passed in so that tests can drive this with fakes.
import { join } from 'node:path';
import type * as Electron from 'electron';
import type { AdminApi } from '../api';
import type { Core, CoreOptions } from '../core';
import { createLogger, type Logger } from '../core/log';
import { startMaintenance } from '../core/maintenance';
import { bindIpc } from './ipc';
import { resolveNativeBinding } from './native-binding';
import { appUrlMatcher, registerAppScheme, rendererEntry, serveApp } from './protocol';
import { hardenApp } from './security';
import { watchPendingConsents, type ConsentNotifier, type NotificationCtor } from './consent-notifier';
import { createTray, servicesStatus, type AppTray, type TrayDeps } from './tray';
import { createMainWindow, type BrowserWindowCtor } from './window';

export interface ElectronDeps {
  app: Electron.App;
  BrowserWindow: BrowserWindowCtor & { getAllWindows(): Electron.BrowserWindow[] };
  ipcMain: Pick<Electron.IpcMain, 'handle' | 'removeHandler'>;
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { defaultSession: Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> };
  shell: Pick<Electron.Shell, 'openExternal'>;
  dialog: Pick<Electron.Dialog, 'showErrorBox'>;
  /** The tray; without it, closing the last window quits (as before on Windows and Linux). */
  tray?: TrayDeps;
  /** Desktop notifications of sign-ins waiting for approval. */
  Notification?: NotificationCtor;
}

export interface StartOptions {
  electron: ElectronDeps;
  openCore: (opts: CoreOptions) => Core;
  createApi: (core: Core) => AdminApi;
  env?: NodeJS.ProcessEnv;
  /** The data dir; defaults to the app's userData path. */
  dataDir?: string;
  /**
   * Starts the HTTP services (AS, gateway, admin API) on loopback; main.ts passes the
   * real one. Resolves to their stopper. A failure (port in use) is shown, not fatal.
   */
  startServices?: (core: Core, api: AdminApi) => Promise<() => Promise<void>>;
  /** What the app says at run time; default: `gatehouse: …` lines on stderr. */
  logger?: Logger;
}

export interface RunningApp {
  /** False when another instance holds the lock and this one is quitting. */
  primary: boolean;
  /** Resolves once the app is ready and the window is open (or the core failed to open). */
  ready: Promise<void>;
}

/** What the app's core and housekeeping say, as `gatehouse: …` lines on stderr. */
const stderrText = createLogger({ format: 'text', level: 'info', write: (l) => process.stderr.write(l) });

export function startApp(opts: StartOptions): RunningApp {
  const { app, BrowserWindow, ipcMain, protocol, session, shell, dialog } = opts.electron;
  const log = opts.logger ?? stderrText;
  const env = opts.env ?? process.env;

  if (!app.requestSingleInstanceLock()) {
    // The first instance gets 'second-instance' and comes to the front.
    app.quit();
    return { primary: false, ready: Promise.resolve() };
  }

  // Before ready: every renderer sandboxed, and app:// registered as a secure, standard scheme.
  app.enableSandbox();
  registerAppScheme(protocol);

  let core: Core | undefined;
  let unbindIpc: (() => void) | undefined;
  let stopMaintenance: (() => void) | undefined;
  let stopServices: (() => Promise<void>) | undefined;
  let win: Electron.BrowserWindow | undefined;
  let tray: AppTray | null = null;
  let consents: ConsentNotifier | undefined;

  const appRoot = app.getAppPath();
  const entry = rendererEntry(env, app.isPackaged);
  const isAppUrl = appUrlMatcher(entry.url);

  const openWindow = () => {
    win = createMainWindow(BrowserWindow, {
      preloadPath: join(appRoot, 'out', 'preload', 'index.cjs'),
      url: entry.url,
      log,
    });
    win.on('closed', () => {
      win = undefined;
    });
  };

  /** Brings the window to the front, opening it again if it was closed. */
  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      if (core) openWindow();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  // A second launch (or a closed window on macOS) brings the window back.
  app.on('second-instance', showWindow);

  app.on('window-all-closed', () => {
    // With a tray icon the app keeps serving sign-ins and the gateway; Quit is in its menu.
    if (tray) return;
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open opens one again.
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  app.on('will-quit', () => {
    consents?.stop();
    tray?.destroy();
    tray = null;
    stopMaintenance?.();
    void stopServices?.();
    unbindIpc?.();
    unbindIpc = undefined;
    try {
      core?.close();
    } catch (e) {
      log.error(`closing the core failed: ${e instanceof Error ? e.message : String(e)}`, { event: 'close_failed' });
    }
    core = undefined;
  });

  const ready = app.whenReady().then(() => {
    try {
      core = opts.openCore({
        dataDir: opts.dataDir ?? app.getPath('userData'),
        nativeBinding: resolveNativeBinding({ appPath: appRoot, isPackaged: app.isPackaged }),
        // The main process relays MCP traffic (the gateway): long admin reads go to a worker.
        readThread: true,
        log,
      });
    } catch (e) {
      // Shown, then quit. Nothing is retried with another key source and nothing
      // is created: the core refuses a wrong master key, and so do we.
      dialog.showErrorBox('Gatehouse cannot open its data', describeOpenError(e));
      app.quit();
      return;
    }
    hardenApp({ app, session: session.defaultSession, shell, isAppUrl });
    if (!entry.dev) serveApp(protocol, join(appRoot, 'out', 'renderer'));
    const api = opts.createApi(core);
    unbindIpc = bindIpc(ipcMain, api, isAppUrl);
    if (opts.electron.tray) {
      const running = core;
      tray = createTray(opts.electron.tray, {
        platform: process.platform,
        status: () => servicesStatus(running.runtime),
        waiting: () => consents?.waiting() ?? 0,
        open: showWindow,
        quit: () => app.quit(),
        log,
      });
    }
    consents = watchPendingConsents({ api, Notification: opts.electron.Notification, open: showWindow, changed: () => tray?.refresh(), log });
    if (opts.startServices) {
      const running = core;
      opts.startServices(running, api).then(
        (stop) => {
          stopServices = stop;
          tray?.refresh();
        },
        (e: unknown) => {
          // The window still opens: keys, servers and clients work without HTTP; the
          // status bar says why the AS and gateway are not running.
          running.runtime.httpError = `the authorization server and gateway could not start: ${e instanceof Error ? e.message : String(e)}`;
          log.error(running.runtime.httpError, { event: 'services_failed' });
          tray?.refresh();
        },
      );
    } else {
      stopMaintenance = startMaintenance(core, log).stop;
    }
    openWindow();
  }).catch((e: unknown) => {
    dialog.showErrorBox('Gatehouse failed to start', describeOpenError(e));
    app.quit();
  });

  return { primary: true, ready };
}

export function describeOpenError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
  return code ? `${message}\n\n(${code})` : message;
}
