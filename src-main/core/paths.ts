import { homedir } from 'node:os';
import { join } from 'node:path';

/** The headless default data dir: the OS config dir (DESIGN.md "Storage and secrets"). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.GATEHOUSE_DATA_DIR) return env.GATEHOUSE_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Gatehouse');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gatehouse');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'gatehouse');
}

export const DB_FILE = 'gatehouse.db';
export const KEY_FILE = 'master.key';
