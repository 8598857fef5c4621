// window.ts: the window's webPreferences and show-on-ready.
import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, secureWebPreferences } from '../../src-main/app/window';

class FakeWindow {
  static last: FakeWindow | undefined;
  readonly once = vi.fn((event: string, l: () => void) => this.listeners.set(event, l));
  readonly listeners = new Map<string, () => void>();
  readonly show = vi.fn();
  readonly loadURL = vi.fn(async () => undefined);
  constructor(readonly options: Record<string, unknown>) {
    FakeWindow.last = this;
  }
}

describe('main window', () => {
  it('uses isolated, sandboxed, Node-free web preferences with the CJS preload', () => {
    createMainWindow(FakeWindow as never, { preloadPath: '/app/out/preload/index.cjs', url: 'app://gatehouse/index.html' });
    const win = FakeWindow.last!;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(secureWebPreferences('/p')).toEqual({ ...prefs, preload: '/p' });
  });

  it('starts hidden, shows on ready-to-show and loads the entry URL', () => {
    createMainWindow(FakeWindow as never, { preloadPath: '/p', url: 'app://gatehouse/index.html' });
    const win = FakeWindow.last!;
    expect(win.options.show).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith('app://gatehouse/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.listeners.get('ready-to-show')!();
    expect(win.show).toHaveBeenCalled();
  });
});
