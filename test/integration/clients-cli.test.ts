// `gatehouse clients` through the built CLI, with HOME pointed at a temp dir holding a
// copy of the Claude Desktop fixture: --dry-run prints the masked diff and writes
// nothing; patch writes the guard entry for this install; restore brings the bytes back.
// SQLite only: patching a client app's config is a desktop feature. The guard entry it
// writes runs `gatehouse guard` on this machine's data dir (the guard has no
// --database-url), so in team mode the entry would check keys the team's PostgreSQL
// holds against a SQLite store that does not hold them; README: client apps have
// nothing to do on a server.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { masterKey, tmpDir } from '../helpers/core';
import { FIXTURES } from '../helpers/clients';

const t = tmpDir('gatehouse-clients-cli-');
const home = join(t.dir, 'home');
const dataDir = join(t.dir, 'data');
const config = join(home, '.config', 'Claude', 'claude_desktop_config.json');
mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
copyFileSync(join(FIXTURES, 'claude_desktop_config.basic.json'), config);
const original = readFileSync(config);
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: masterKey() };

function gh(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/gatehouse', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}

afterAll(() => t.cleanup());

describe('gatehouse clients', { timeout: 120_000 }, () => {
  it('list, patch --dry-run (masked, nothing written), patch, restore (original bytes)', () => {
    const list = gh(['clients', 'list', '--json']);
    expect(list.code).toBe(0);
    const claude = list.json().find((a: { id: string }) => a.id === 'claude-desktop');
    expect(claude.installed).toBe(true);
    expect(claude.configs[0].servers.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'filesystem:unprotected',
      'github:unprotected',
    ]);

    const key = gh(['keys', 'create', '--name', 'Claude Desktop', '--allow', 'github:*', '--json']).json();
    const dry = gh(['clients', 'patch', 'claude-desktop', '--server', 'github', '--key', key.id, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('-      "command": "npx",');
    expect(dry.out).toContain('+        "GATEHOUSE_API_KEY": "••••••••"');
    expect(dry.out).toContain('-        "GITHUB_PERSONAL_ACCESS_TOKEN": "••••••••"');
    expect(dry.out).not.toContain(key.key);
    expect(dry.out).not.toContain('ghp_');
    expect(readFileSync(config).equals(original)).toBe(true);

    const patched = gh(['clients', 'patch', 'claude-desktop', '--server', 'github', '--key', key.id, '--json']);
    expect(patched.code).toBe(0);
    expect(patched.json()).toMatchObject({ changed: true, imported: ['github'], restartRequired: true });
    const entry = JSON.parse(readFileSync(config, 'utf8')).mcpServers.github;
    // The launcher of this checkout: node + out/main/cli.js, then guard --server NAME.
    expect(entry.command).toBe(process.execPath);
    expect(entry.args).toEqual([resolve('out/main/cli.js'), 'guard', '--server', 'github']);
    expect(entry.env).toEqual({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_API_KEY: key.key });
    expect(gh(['clients', 'list']).out).toMatch(/claude-desktop\s+\S+\s+github\s+protected/);

    const restored = gh(['clients', 'restore', 'claude-desktop']);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/^Restored .*claude_desktop_config\.json\. Backup: bak_/);
    expect(readFileSync(config).equals(original)).toBe(true);

    const bad = gh(['clients', 'patch', 'nope', '--server', 'x', '--key', key.id]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('a client is one of claude-desktop');
  });
});
