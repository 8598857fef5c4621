// Shared setup for the client-config tests: a temp data dir and HOME, fixtures copied
// into it (never patched in place), a fixed guard launcher and an API key.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Core } from '../../src-main/core';
import { createClientAppService, type ClientAppService, type ClientAppsOptions } from '../../src-main/core/client-apps';
import type { Launcher } from '../../src-main/core/launcher';
import { openTestCore, tmpDir } from './core';

import { FIXTURES } from './fixtures';

export { FIXTURES };
export const LAUNCHER: Launcher = { command: '/opt/gatehouse/node', args: ['/opt/gatehouse/out/main/cli.js'], env: {} };

export interface ClientsEnv {
  dir: string;
  home: string;
  core: Core;
  service: ClientAppService;
  keyId: string;
  secret: string;
  /** Copies a fixture to `rel` under the temp HOME; returns its absolute path. */
  place(fixture: string, rel: string): string;
  read(path: string): Buffer;
  cleanup(): void;
}

export function clientsEnv(opts: ClientAppsOptions = {}): ClientsEnv {
  const { dir, cleanup } = tmpDir('gatehouse-clients-');
  const home = join(dir, 'home');
  mkdirSync(home);
  const { core } = openTestCore(join(dir, 'data'));
  const paths = { platform: 'linux' as const, home, env: { HOME: home } };
  const service = createClientAppService(core, { launcher: LAUNCHER, paths, ...opts });
  const created = core.keys.create({ name: 'Claude Desktop', expiresInSeconds: null, rules: [], rateLimit: null });
  return {
    dir,
    home,
    core,
    service,
    keyId: created.key.id,
    secret: created.secret,
    place(fixture, rel) {
      const to = join(home, rel);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(FIXTURES, fixture), to);
      return to;
    },
    read: (p) => readFileSync(p),
    cleanup() {
      core.close();
      cleanup();
    },
  };
}
