import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../errors';

export interface PathEnv {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
}

const here = (): PathEnv => ({ platform: process.platform, home: homedir(), env: process.env });

/**
 * Where Claude Desktop keeps its config on this OS. On Windows both the classic
 * installer's %APPDATA% path and the Store (MSIX) package path exist; when several
 * candidates exist Gatehouse refuses to guess and asks for --config.
 */
export function claudeDesktopCandidates(p: PathEnv = here()): string[] {
  const file = 'claude_desktop_config.json';
  if (p.platform === 'darwin') return [join(p.home, 'Library', 'Application Support', 'Claude', file)];
  if (p.platform === 'win32') {
    const appData = p.env.APPDATA ?? join(p.home, 'AppData', 'Roaming');
    const local = p.env.LOCALAPPDATA ?? join(p.home, 'AppData', 'Local');
    const out = [join(appData, 'Claude', file)];
    const packages = join(local, 'Packages');
    try {
      for (const d of readdirSync(packages)) {
        if (d.startsWith('Claude_')) out.push(join(packages, d, 'LocalCache', 'Roaming', 'Claude', file));
      }
    } catch {
      // No Packages folder: not a Store install.
    }
    return out;
  }
  return [join(p.env.XDG_CONFIG_HOME ?? join(p.home, '.config'), 'Claude', file)];
}

/** The one existing config, the default path when none exists yet, or an error when several exist. */
export function claudeDesktopConfigPath(p: PathEnv = here()): string {
  const candidates = claudeDesktopCandidates(p);
  const existing = candidates.filter((c) => existsSync(c));
  if (existing.length > 1) {
    throw new GatehouseError(
      'CONFLICT',
      `found more than one Claude Desktop config (${existing.join(', ')}); pass the one Claude Desktop uses with --config`,
    );
  }
  return existing[0] ?? candidates[0]!;
}
