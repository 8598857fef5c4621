// Entry of the Electron main process (built to out/main/index.js).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, session, shell, Tray } from 'electron';
import { createApi } from '../api';
import { openCore } from '../core';
import { createLogger } from '../core/log';
import { defaultDataDir } from '../core/paths';
import { startServices } from '../http/services';
import { startApp } from './start';

// The app, the CLI and every guard must open the same data dir: Electron's default
// userData (appData + app name) differs from the CLI's in case on Linux, so userData
// is pointed at the CLI's default (or GATEHOUSE_DATA_DIR). Chromium's own profile
// (cache, local storage) goes to a subfolder instead of sitting next to the database.
const dataDir = defaultDataDir(process.env);
app.setPath('userData', dataDir);
app.setPath('sessionData', join(dataDir, 'chromium'));
if (process.platform === 'win32') app.setAppUserModelId('dev.gatehouse.app');

startApp({
  electron: { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, tray: { Tray, Menu, nativeImage }, Notification },
  openCore,
  createApi,
  // The same HTTP services as `gatehouse serve`, on a fixed loopback port so the issuer
  // (which OAuth clients remember) stays the same across restarts.
  startServices: async (core, api) => {
    const services = await startServices({
      core,
      api,
      staticDir: join(app.getAppPath(), 'out', 'renderer'),
      host: '127.0.0.1',
      port: Number(process.env.GATEHOUSE_PORT ?? 7337),
      logger: createLogger({ format: 'text', level: 'warn', write: (l) => process.stderr.write(l) }),
      face: 'desktop',
    });
    return () => services.close();
  },
});
