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
  },
};

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
const core = { close: vi.fn(), runtime: { issuer: null, gatewayBase: null, httpError: null as string | null } };
const openCore = vi.fn((_opts: unknown): unknown => core);
const api = { dispatch: vi.fn(async () => ({ data: 'ok' })) };
const createApi = vi.fn(() => api);

vi.mock('electron', () => mockElectron);
vi.mock('../../src-main/core', () => ({ openCore: (o: unknown) => openCore(o) }));
vi.mock('../../src-main/api', () => ({ createApi: () => createApi() }));
const stopServices = vi.fn(async () => undefined);
const startServices = vi.fn(async (_o: { core: unknown; api: unknown; host: string; port: number }) => ({ close: stopServices }));
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

function emit(event: string, ...args: unknown[]) {
  for (const l of h.state.appListeners.get(event) ?? []) l(...args);
}

beforeEach(() => {
  Object.assign(mockElectron, makeElectron());
  h.state.appListeners.clear();
  h.state.windows.length = 0;
  h.state.ipcHandlers.clear();
  h.state.paths.clear();
  h.state.readyResolve = undefined;
  openCore.mockReset().mockImplementation(() => core);
  core.close.mockReset();
  createApi.mockClear();
  startServices.mockClear();
  stopServices.mockClear();
  core.runtime.httpError = null;
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
    expect(openCore).toHaveBeenCalledWith({ dataDir: '/data/gatehouse', nativeBinding: undefined });
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
    startServices.mockImplementationOnce(async () => {
      throw new Error('listen EADDRINUSE: address already in use 127.0.0.1:7337');
    });
    await boot();
    await ready();
    await new Promise((r) => setTimeout(r, 0));
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
});
