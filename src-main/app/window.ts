// The one admin window. Renderer code gets no Node: context isolation, the
// Chromium sandbox and web security stay on; its only door is the preload bridge.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { stderrLogger, type Logger } from '../core/log';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

export type BrowserWindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindowType;

export function createMainWindow(
  BrowserWindow: BrowserWindowCtor,
  opts: { preloadPath: string; url: string; icon?: string; log?: Logger },
): BrowserWindowType {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Gatehouse',
    show: false, // shown on ready-to-show: no white flash
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: secureWebPreferences(opts.preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(opts.url).catch((e: unknown) => (opts.log ?? stderrLogger()).error(`could not load ${opts.url}: ${e instanceof Error ? e.message : String(e)}`, { event: 'window_load_failed' }));
  return win;
}
