// The tray icon: Gatehouse keeps running when its window is closed, because the
// authorization server and the gateway live in this process and MCP clients depend on
// them. The menu opens the window, counts sign-ins waiting for approval, says whether
// the services are up, and quits.
import type * as Electron from 'electron';
import { TRAY_ICONS } from './tray-icon';
import { stderrLogger, type Logger } from '../core/log';

export interface TrayDeps {
  Tray: new (image: Electron.NativeImage) => Pick<Electron.Tray, 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  Menu: Pick<typeof Electron.Menu, 'buildFromTemplate'>;
  nativeImage: Pick<typeof Electron.nativeImage, 'createEmpty'>;
}

export interface TrayOptions {
  platform: NodeJS.Platform;
  /** One line on the services: where they answer, or why they are not running. */
  status(): string;
  /** Sign-ins waiting for the user's approval. */
  waiting?(): number;
  open(): void;
  quit(): void;
  log?: Logger;
}

export interface AppTray {
  /** Rebuilds the menu (its status line). */
  refresh(): void;
  destroy(): void;
}

export function trayImage(deps: Pick<TrayDeps, 'nativeImage'>, platform: NodeJS.Platform): Electron.NativeImage {
  const [x1, x2] = platform === 'darwin' ? TRAY_ICONS.template : TRAY_ICONS.tile;
  const image = deps.nativeImage.createEmpty();
  image.addRepresentation({ scaleFactor: 1, buffer: Buffer.from(x1, 'base64') });
  image.addRepresentation({ scaleFactor: 2, buffer: Buffer.from(x2, 'base64') });
  if (platform === 'darwin') image.setTemplateImage(true);
  return image;
}

/** The tray, or null when this desktop cannot show one (then closing the window quits). */
export function createTray(deps: TrayDeps, opts: TrayOptions): AppTray | null {
  let tray: InstanceType<TrayDeps['Tray']>;
  try {
    tray = new deps.Tray(trayImage(deps, opts.platform));
  } catch (e) {
    (opts.log ?? stderrLogger()).warn(`no tray icon on this desktop: ${e instanceof Error ? e.message : String(e)}`, { event: 'no_tray' });
    return null;
  }
  tray.setToolTip('Gatehouse');
  const refresh = () =>
    tray.setContextMenu(
      deps.Menu.buildFromTemplate([
        { label: 'Open Gatehouse', click: () => opts.open() },
        ...waitingItem(opts.waiting?.() ?? 0, opts.open),
        { label: opts.status(), enabled: false },
        { type: 'separator' },
        { label: 'Quit Gatehouse', click: () => opts.quit() },
      ]),
    );
  refresh();
  // Windows and most Linux panels: a click on the icon opens the window (macOS shows the menu).
  tray.on('click', () => opts.open());
  return { refresh, destroy: () => tray.destroy() };
}

function waitingItem(n: number, open: () => void): Electron.MenuItemConstructorOptions[] {
  if (n === 0) return [];
  return [{ label: `${n} sign-in${n === 1 ? '' : 's'} waiting for approval…`, click: () => open() }];
}

/** The menu's status line. */
export function servicesStatus(runtime: { issuer: string | null; httpError: string | null }): string {
  if (runtime.httpError) return 'Sign-in and gateway are not running (see the window)';
  if (runtime.issuer) return `Sign-in and gateway on ${runtime.issuer}`;
  return 'Starting sign-in and gateway…';
}
