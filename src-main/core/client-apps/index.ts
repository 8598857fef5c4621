// The client-apps feature, wired from the core. Not part of `openCore` so that the guard
// (which opens the core once per protected server) never loads the config editors.
import type { Core } from '..';
import type { Launcher } from '../launcher';
import { defaultLauncher } from './default-launcher';
import type { PathEnv } from './definitions';
import { ClientAppService } from './service';

export interface ClientAppsOptions {
  /** The command that starts `gatehouse guard`; default: this install's (see default-launcher). */
  launcher?: Launcher | (() => Launcher);
  /** Platform, home and env used to find configs; tests point it at a temp HOME. */
  paths?: PathEnv;
  /** Test hook between reading a config and replacing it. */
  beforeRename?: (path: string) => void;
}

export function createClientAppService(core: Core, opts: ClientAppsOptions = {}): ClientAppService {
  const given = opts.launcher;
  let cached: Launcher | undefined;
  const launcher = () => (cached ??= typeof given === 'function' ? given() : (given ?? defaultLauncher(core.dataDir)));
  return new ClientAppService({
    store: core.sql,
    vault: core.vault,
    keys: core.keys,
    servers: core.servers,
    audit: core.audit,
    dataDir: core.dataDir,
    launcher,
    paths: opts.paths,
    beforeRename: opts.beforeRename,
  });
}

export { ClientAppService } from './service';
export { watchDrift, checkDrift, type DriftEvent, type DriftWatcher } from './drift-watcher';
