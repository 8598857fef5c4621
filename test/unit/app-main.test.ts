// main.ts + start.ts with a mocked `electron`: single instance, sandbox, core
// opened on ready (errors shown, then quit), IPC bound, one window, core closed on quit.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const h = {
  state: {
    lock: true,
    readyResolve: undefined as undefined | (() => void),
    appListeners: new Map<string, Listener[]>(),
    windows: [] as Array<Record<string, ReturnType<typeof vi.fn>> & { options: Record<string, unknown> }>,
    ipcHandlers: new Map<string, Listener>(),
    paths: new Map<string, string>(),
    trays: [] as FakeTray[],
    trayFails: false,
    images: [] as Array<{ reps: Array<{ scaleFactor: number; buffer: Buffer }>; template: boolean }>,
    notifications: [] as Array<{ title: string; body: string; shown: boolean; listeners: Map<string, Listener> }>,
  },
};

type MenuItem = { label?: string; type?: string; enabled?: boolean; click?: () => void };
interface FakeTray {
  tooltip: string;
  menu: MenuItem[];
  listeners: Map<string, Listener>;
  destroyed: boolean;
}

function makeElectron() {
  const { state } = h;
  class BrowserWindow {
    static getAllWindows = vi.fn(() => state.windows);
    options: Record<string, unknown>;
    listeners = new Map<string, Listener>();
    once = vi.fn((e: string, l: Listener) => this.listeners.set(e, l));
    on = vi.fn((e: string, l: Listener) => this.listeners.set(e, l));
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    isDestroyed = vi.fn(() => false);
    loadURL = vi.fn(async () => undefined);
    constructor(options: Record<string, unknown>) {
      this.options = options;
      state.windows.push(this as never);
    }
  }
  class Tray implements FakeTray {
    tooltip = '';
    menu: MenuItem[] = [];
    listeners = new Map<string, Listener>();
    destroyed = false;
    constructor(_image: unknown) {
      if (state.trayFails) throw new Error('no status notifier on this desktop');
      state.trays.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(m: MenuItem[]) {
      this.menu = m;
    }
    on(e: string, l: Listener) {
      this.listeners.set(e, l);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const Menu = { buildFromTemplate: (items: MenuItem[]) => items };
  class Notification {
    static isSupported = () => true;
    shown = false;
    listeners = new Map<string, Listener>();
    title: string;
    body: string;
    constructor(o: { title: string; body: string }) {
      this.title = o.title;
      this.body = o.body;
      state.notifications.push(this);
    }
    on(e: string, l: Listener) {
      this.listeners.set(e, l);
    }
    show() {
      this.shown = true;
    }
  }
  const nativeImage = {
    createEmpty: () => {
      const image = {
        reps: [] as Array<{ scaleFactor: number; buffer: Buffer }>,
        template: false,
        addRepresentation: (r: { scaleFactor: number; buffer: Buffer }) => image.reps.push(r),
        setTemplateImage: (t: boolean) => (image.template = t),
      };
      state.images.push(image);
      return image;
    },
  };
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    setPath: vi.fn((name: string, p: string) => state.paths.set(name, p)),
    getPath: vi.fn((name: string) => state.paths.get(name) ?? `/default/${name}`),
    getAppPath: vi.fn(() => '/repo'),
    setAppUserModelId: vi.fn(),
    whenReady: vi.fn(
      () =>
        new Promise<void>((resolve) => {
          state.readyResolve = resolve;
        }),
    ),
    on: vi.fn((event: string, l: Listener) => {
      state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), l]);
    }),
  };
  return {
    app,
    BrowserWindow,
    Tray,
    Menu,
    nativeImage,
    Notification,
    ipcMain: {
      handle: vi.fn((c: string, l: Listener) => state.ipcHandlers.set(c, l)),
      removeHandler: vi.fn((c: string) => state.ipcHandlers.delete(c)),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn(async () => undefined) },
    dialog: { showErrorBox: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn() },
  };
}

// One object for the module's lifetime (vitest caches the factory's result); each test refills it.
const mockElectron = {} as ReturnType<typeof makeElectron>;
const core = { close: vi.fn(), runtime: { issuer: null as string | null, gatewayBase: null, httpError: null as string | null } };
const openCore = vi.fn((_opts: unknown): unknown => core);
const pending: Array<Record<string, unknown>> = [];
const api = { dispatch: vi.fn(async (method: string) => ({ data: method === 'oauth.consents.pending' ? pending : 'ok' })) };
const createApi = vi.fn(() => api);

vi.mock('electron', () => mockElectron);
vi.mock('../../src-main/core', () => ({ openCore: (o: unknown) => openCore(o) }));
vi.mock('../../src-main/api', () => ({ createApi: () => createApi() }));
const stopServices = vi.fn(async () => undefined);
const startServices = vi.fn(async (o: { core: unknown; api: unknown; host: string; port: number }) => {
  (o.core as typeof core).runtime.issuer = `http://${o.host}:${o.port}`;
  return { close: stopServices };
});
vi.mock('../../src-main/http/services', () => ({ startServices: (o: { core: unknown; api: unknown; host: string; port: number }) => startServices(o) }));

async function boot(opts: { lock?: boolean } = {}) {
  h.state.lock = opts.lock ?? true;
  vi.resetModules();
  await import('../../src-main/app/main');
}

async function ready() {
  h.state.readyResolve?.();
  await new Promise((r) => setTimeout(r, 0));
}

/** Boots with port 7337 taken: the services fail to start. */
async function bootWithPortInUse() {
  startServices.mockImplementationOnce(async () => {
    throw new Error('listen EADDRINUSE: address already in use 127.0.0.1:7337');
  });
  await boot();
  await ready();
  await new Promise((r) => setTimeout(r, 0));
}

function emit(event: string, ...args: unknown[]) {
  for (const l of h.state.appListeners.get(event) ?? []) l(...args);
}

beforeEach(() => {
  // The app the test before booted quits first: its consent poll (every 2 s) and other
  // timers would otherwise go on reading this test's pending list and notifying.
  emit('will-quit', {});
  Object.assign(mockElectron, makeElectron());
  h.state.appListeners.clear();
  h.state.windows.length = 0;
  h.state.ipcHandlers.clear();
  h.state.paths.clear();
  h.state.trays.length = 0;
  h.state.images.length = 0;
  h.state.trayFails = false;
  h.state.notifications.length = 0;
  pending.length = 0;
  h.state.readyResolve = undefined;
  openCore.mockReset().mockImplementation(() => core);
  core.close.mockReset();
  createApi.mockClear();
  startServices.mockClear();
  stopServices.mockClear();
  core.runtime.httpError = null;
  core.runtime.issuer = null;
  vi.stubEnv('GATEHOUSE_DATA_DIR', '/data/gatehouse');
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
});

describe('Electron main', () => {
  it('a second instance quits at once and opens nothing', async () => {
    await boot({ lock: false });
    expect(mockElectron.app.quit).toHaveBeenCalled();
    expect(mockElectron.app.whenReady).not.toHaveBeenCalled();
    expect(h.state.windows).toHaveLength(0);
    expect(openCore).not.toHaveBeenCalled();
  });

  it('the first instance brings its window forward when a second one starts', async () => {
    await boot();
    await ready();
    const win = h.state.windows[0]!;
    emit('second-instance', {}, [], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('enables the sandbox and registers app:// before ready', async () => {
    await boot();
    expect(mockElectron.app.enableSandbox).toHaveBeenCalled();
    expect(mockElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(openCore).not.toHaveBeenCalled();
  });

  it('on ready: opens the core in userData, binds IPC, serves app:// and opens one secure window', async () => {
    await boot();
    await ready();
    expect(mockElectron.app.setPath).toHaveBeenCalledWith('userData', '/data/gatehouse');
    expect(openCore).toHaveBeenCalledWith({ dataDir: '/data/gatehouse', nativeBinding: undefined, readThread: true, log: expect.objectContaining({ warn: expect.any(Function) }) });
    expect(createApi).toHaveBeenCalledTimes(1);
    expect(h.state.ipcHandlers.size).toBeGreaterThan(0);
    expect([...h.state.ipcHandlers.keys()].every((c) => c.startsWith('gatehouse:'))).toBe(true);
    expect(mockElectron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(mockElectron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(h.state.windows).toHaveLength(1);
    const win = h.state.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: expect.stringMatching(/out[\\/]preload[\\/]index\.cjs$/),
    });
    expect(win.loadURL).toHaveBeenCalledWith('app://gatehouse/index.html');
  });

  it('a core open error (wrong master key) is shown, then the app quits; no window, no IPC', async () => {
    openCore.mockImplementation(() => {
      throw Object.assign(new Error('The master key does not open this vault.'), { code: 'WRONG_MASTER_KEY' });
    });
    await boot();
    await ready();
    expect(mockElectron.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      expect.stringContaining('The master key does not open this vault.'),
    );
    expect(mockElectron.dialog.showErrorBox.mock.calls[0]![1]).toContain('WRONG_MASTER_KEY');
    expect(mockElectron.app.quit).toHaveBeenCalled();
    expect(openCore).toHaveBeenCalledTimes(1); // never retried, e.g. with a fresh key
    expect(h.state.windows).toHaveLength(0);
    expect(h.state.ipcHandlers.size).toBe(0);
  });

  it('starts the AS and gateway on loopback port 7337 and stops them on quit', async () => {
    await boot();
    await ready();
    expect(startServices).toHaveBeenCalledTimes(1);
    expect(startServices.mock.calls[0]![0]).toMatchObject({ core, api, host: '127.0.0.1', port: 7337 });
    await new Promise((r) => setTimeout(r, 0));
    emit('will-quit', {});
    expect(stopServices).toHaveBeenCalledTimes(1);
  });

  it('a port in use does not stop the app: the window opens and the status says why', async () => {
    await bootWithPortInUse();
    expect(h.state.windows).toHaveLength(1);
    expect(core.runtime.httpError).toMatch(/could not start: listen EADDRINUSE/);
  });

  it('closes the core and removes the IPC handlers on quit', async () => {
    await boot();
    await ready();
    emit('will-quit', {});
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(h.state.ipcHandlers.size).toBe(0);
    emit('will-quit', {});
    expect(core.close).toHaveBeenCalledTimes(1);
  });

  it('in development, loads the dev server and does not serve app://', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await boot();
    await ready();
    expect(h.state.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(mockElectron.protocol.handle).not.toHaveBeenCalled();
  });

  it('a packaged app ignores ELECTRON_RENDERER_URL', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    mockElectron.app.isPackaged = true;
    await boot();
    await ready();
    expect(h.state.windows[0]!.loadURL).toHaveBeenCalledWith('app://gatehouse/index.html');
  });

  describe('tray', () => {
    const labels = (t: FakeTray) => t.menu.map((i) => i.label ?? `(${i.type})`);
    const item = (t: FakeTray, label: string) => t.menu.find((i) => i.label === label)!;

    it('shows a tray icon whose menu says where sign-in and the gateway answer', async () => {
      await boot();
      await ready();
      await new Promise((r) => setTimeout(r, 0));
      expect(h.state.trays).toHaveLength(1);
      const tray = h.state.trays[0]!;
      expect(tray.tooltip).toBe('Gatehouse');
      expect(labels(tray)).toEqual(['Open Gatehouse', 'Sign-in and gateway on http://127.0.0.1:7337', '(separator)', 'Quit Gatehouse']);
      expect(item(tray, 'Sign-in and gateway on http://127.0.0.1:7337').enabled).toBe(false);
      // Two PNG sizes, decoded from the built-in icon.
      const image = h.state.images[0]!;
      expect(image.reps.map((r) => r.scaleFactor)).toEqual([1, 2]);
      for (const r of image.reps) expect(r.buffer.subarray(1, 4).toString()).toBe('PNG');
      expect(image.template).toBe(process.platform === 'darwin');
    });

    it('keeps running with the window closed, and opens it again from the tray', async () => {
      await boot();
      await ready();
      const tray = h.state.trays[0]!;
      (h.state.windows[0] as unknown as { listeners: Map<string, Listener> }).listeners.get('closed')!();
      emit('window-all-closed');
      expect(mockElectron.app.quit).not.toHaveBeenCalled();
      item(tray, 'Open Gatehouse').click!();
      expect(h.state.windows).toHaveLength(2);
      tray.listeners.get('click')!();
      expect(h.state.windows[1]!.focus).toHaveBeenCalled();
      expect(h.state.windows).toHaveLength(2);
    });

    it('notifies of a sign-in waiting for approval and counts it in the menu; a click brings the window', async () => {
      pending.push({ uid: 'u1', clientId: 'c1', clientName: 'Cursor', redirectUri: null, resources: ['http://127.0.0.1:7337/mcp/everything'], scopes: [], createdAt: null, expiresAt: null, decision: null });
      await boot();
      await ready();
      await vi.waitFor(() => expect(h.state.notifications).toHaveLength(1));
      const n = h.state.notifications[0]!;
      expect(n).toMatchObject({ title: 'Sign-in waiting for approval', body: 'Cursor asks for everything. Open Gatehouse to allow or deny it.', shown: true });
      const tray = h.state.trays[0]!;
      await vi.waitFor(() => expect(labels(tray)).toContain('1 sign-in waiting for approval…'));
      (h.state.windows[0] as unknown as { listeners: Map<string, Listener> }).listeners.get('closed')!();
      n.listeners.get('click')!();
      expect(h.state.windows).toHaveLength(2);
    });

    it('quits from its menu, and is removed on quit', async () => {
      await boot();
      await ready();
      const tray = h.state.trays[0]!;
      item(tray, 'Quit Gatehouse').click!();
      expect(mockElectron.app.quit).toHaveBeenCalledTimes(1);
      emit('will-quit', {});
      expect(tray.destroyed).toBe(true);
    });

    it('says so when the services could not start', async () => {
      await bootWithPortInUse();
      expect(labels(h.state.trays[0]!)[1]).toBe('Sign-in and gateway are not running (see the window)');
    });

    it('without a tray on this desktop, closing the window quits (except on macOS)', async () => {
      h.state.trayFails = true;
      await boot();
      await ready();
      expect(h.state.trays).toHaveLength(0);
      expect(h.state.windows).toHaveLength(1);
      emit('window-all-closed');
      expect(mockElectron.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
    });
  });
});
