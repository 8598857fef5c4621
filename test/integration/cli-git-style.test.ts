// The CLI as the issue used it, through the built `bin/gatehouse`: global options before
// or after the subcommand, names wherever an id is taken (unknown: an error with a hint,
// never an empty result), durations in help, `servers edit`, and `keys rotate`
// re-patching the client configs that hold the key.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKey, tmpDir } from '../helpers/core';
import { ENGINES, serveEngines } from './engine-serve';

const engines = serveEngines();

describe.each(ENGINES)('a CLI that reads like git (%s)', { timeout: 180_000 }, (engine) => {
  const t = tmpDir('gatehouse-cli-git-');
  const home = join(t.dir, 'home');
  const dataDir = join(t.dir, 'data');
  const config = join(home, '.config', 'Claude', 'claude_desktop_config.json');
  // No GATEHOUSE_DATA_DIR: every call names the data dir with --data-dir, before or after.
  const { GATEHOUSE_DATA_DIR: _unset, ...base } = process.env;
  const env = { ...base, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GATEHOUSE_MASTER_KEY: masterKey() };
  // Team mode: the database by the global --database-url, after the command unless a call places it.
  let databaseUrl: string | undefined;

  function gh(args: string[]) {
    const store = databaseUrl && !args.some((a) => a.startsWith('--database-url')) ? ['--database-url', databaseUrl] : [];
    const r = spawnSync(process.execPath, ['bin/gatehouse', ...args, ...store], { env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
  }

  beforeAll(async () => {
    databaseUrl = await engines.databaseUrl(engine);
    if (databaseUrl) expect(gh(['migrate']).code).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('takes --data-dir and --json before or after the subcommand (the guard too)', () => {
    const created = gh(['--data-dir', dataDir, 'keys', 'create', '--name', 'Claude Desktop', '--allow', 'fs:*', '--json']);
    expect(created.code).toBe(0);
    const id = created.json().id as string;
    expect(gh(['--data-dir', dataDir, '--json', 'keys', 'list']).json().map((k: { id: string }) => k.id)).toEqual([id]);
    expect(gh(['keys', 'list', '--data-dir', dataDir, '--json']).json()[0].id).toBe(id);
    expect(gh(['keys', '--json', 'list', `--data-dir=${dataDir}`]).json()[0].id).toBe(id);
    if (databaseUrl) {
      expect(gh(['--database-url', databaseUrl, '--json', 'keys', 'list']).json()[0].id).toBe(id);
      expect(gh(['keys', 'list', '--json', `--database-url=${databaseUrl}`]).json()[0].id).toBe(id);
    }
    const guardHelp = gh(['--data-dir', dataDir, 'guard', '--help']);
    expect(guardHelp.code).toBe(0);
    expect(guardHelp.out).toContain('Usage: gatehouse guard --server NAME');
  });

  it('finds keys and OAuth clients by name; an ambiguous name lists them; an unknown one is an error with a hint', () => {
    const shown = gh(['keys', 'show', 'Claude Desktop', '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^Claude Desktop \(key_\w+\)/);

    // The issue: `audit --key "Claude Desktop"` printed "No audit events match" and exited 0.
    const audit = gh(['--data-dir', dataDir, 'audit', '--key', 'Claude Desktop', '--json']);
    expect(audit.code).toBe(0);
    expect(audit.json().events.map((e: { action: string }) => e.action)).toContain('key.create');
    const unknown = gh(['--data-dir', dataDir, 'audit', '--key', 'Claude Desktp']);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toBe('');
    expect(unknown.err).toBe('gatehouse: no API key has the id or name "Claude Desktp"; did you mean "Claude Desktop"? List them with: gatehouse keys list\n');
    expect(gh(['--data-dir', dataDir, 'keys', 'show', 'laptop']).err).toBe(
      'gatehouse: no API key has the id or name "laptop"; the API keys are "Claude Desktop". List them with: gatehouse keys list\n',
    );
    expect(gh(['--data-dir', dataDir, 'audit', '--server', 'nowhere']).err).toContain('no server has the id or name "nowhere" (there are no servers yet)');

    gh(['--data-dir', dataDir, 'keys', 'create', '--name', 'claude desktop', '--allow', 'fs:*']);
    const ambiguous = gh(['--data-dir', dataDir, '--json', 'keys', 'revoke', 'CLAUDE DESKTOP']);
    expect(ambiguous.code).toBe(1);
    const err = JSON.parse(ambiguous.err).error;
    expect(err.code).toBe('AMBIGUOUS_NAME');
    expect(err.message).toMatch(/^"CLAUDE DESKTOP" names 2 API keys: .*\. Give the id instead\.$/);
    expect(err.message).toMatch(/Claude Desktop \(key_\w+, active, created \d{4}-\d\d-\d\d\)/);
    expect(err.message).toMatch(/claude desktop \(key_\w+, active, created \d{4}-\d\d-\d\d\)/);

    gh(['--data-dir', dataDir, 'oauth', 'clients', 'create', '--name', 'Inspector', '--redirect-uri', 'http://127.0.0.1:6274/cb', '--public']);
    expect(gh(['--data-dir', dataDir, 'oauth', 'clients', 'show', 'inspector']).out).toMatch(/^Inspector \(/);
    // audit --key takes an OAuth client's name too (it is a principal of the log, as a key is).
    const byClient = gh(['--data-dir', dataDir, 'audit', '--key', 'inspector', '--json']);
    expect(byClient.code).toBe(0);
    expect(byClient.json().events.map((e: { action: string }) => e.action)).toContain('oauth.client.create');
    // A name that differs from the key's beyond ASCII case is still found (not by the prefix search).
    gh(['--data-dir', dataDir, 'keys', 'create', '--name', 'Équipe', '--allow', 'fs:*']);
    expect(gh(['--data-dir', dataDir, 'keys', 'show', 'équipe']).out).toMatch(/^Équipe \(key_\w+\)/);
  });

  it('shows durations as durations in help', () => {
    // Commander wraps help to the terminal's width: compare with the wrapping folded away.
    const unwrapped = gh(['keys', 'create', '--help']).out.replace(/\s+/g, ' ');
    expect(unwrapped).toMatch(/--expires <duration\|never> lifetime, e\.g\. 30d, 12h or never \(default: 30d\)/);
    expect(gh(['keys', 'rotate', '--help']).out).toMatch(/--grace <duration>[^]*\(default: 24h\)/);
    expect(gh(['keys', 'rotate', '--help']).out).toContain('--data-dir <dir>');
  });

  // Patching a client app's config is a desktop feature: its guard entry checks keys in the
  // local data dir. On SQLite the walk below; in team mode the CLI refuses, naming the fix.
  if (engine === 'postgres') {
    it('clients patch refuses in team mode with TEAM_MODE_UNSUPPORTED and the fix; the config is not touched', () => {
      mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
      const original = JSON.stringify({ mcpServers: { 'my files (work)': { command: 'npx', args: ['-y', 'fs', '/home/ana'] } } }, null, 2);
      writeFileSync(config, original);
      const patched = gh(['--data-dir', dataDir, 'clients', 'patch', 'claude-desktop', '--server', 'my files (work)', '--key', 'Claude Desktop', '--json']);
      expect(patched.code).toBe(1);
      expect(JSON.parse(patched.err).error).toMatchObject({ code: 'TEAM_MODE_UNSUPPORTED', message: expect.stringContaining('without --database-url') });
      expect(readFileSync(config, 'utf8')).toBe(original);
      expect(readdirSync(join(home, '.config', 'Claude'))).toEqual(['claude_desktop_config.json']);
    });
    return;
  }

  it('servers edit changes args and env by the client’s name for the server; values never printed', () => {
    mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
    writeFileSync(config, JSON.stringify({ mcpServers: { 'my files (work)': { command: 'npx', args: ['-y', 'fs', '/home/ana'], env: { TOKEN: 't0ken-value' } } } }, null, 2));
    const patched = gh(['--data-dir', dataDir, 'clients', 'patch', 'claude-desktop', '--server', 'my files (work)', '--key', 'Claude Desktop']);
    expect(patched.code).toBe(0);
    expect(patched.out).toContain('Registry: adds "my files (work)" as my-files-work');

    const edit = gh(['--data-dir', dataDir, 'servers', 'edit', 'my files (work)', '--arg', '-y', '--arg', 'fs', '--arg', '/home/ana/only', '--env', 'TOKEN=n3w-value', '--env', 'MODE=ro']);
    expect(edit.code).toBe(0);
    expect(edit.out).toContain('args: ["-y","fs","/home/ana"] → ["-y","fs","/home/ana/only"]');
    expect(edit.out).toContain('env names: ["TOKEN"] → ["TOKEN","MODE"]');
    expect(edit.out).toContain('new value for TOKEN');
    expect(edit.out + edit.err).not.toMatch(/n3w-value|t0ken-value/);
    const listed = gh(['--data-dir', dataDir, 'servers', 'list', '--json']).json();
    expect(listed).toEqual([expect.objectContaining({ name: 'my-files-work', aliases: ['my files (work)'], args: ['-y', 'fs', '/home/ana/only'], envNames: ['TOKEN', 'MODE'] })]);
    expect(gh(['--data-dir', dataDir, 'servers', 'list']).out).toMatch(/my-files-work \("my files \(work\)"\)\s+stdio/);
    const wrong = gh(['--data-dir', dataDir, 'servers', 'edit', 'my-files-work', '--unset-env', 'NOPE']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('the server has no env variable named NOPE (it has: TOKEN, MODE)');
  });

  it('keys rotate re-patches every config holding the key; --no-repatch lists them instead', () => {
    const before = JSON.parse(readFileSync(config, 'utf8')).mcpServers['my files (work)'].env.GATEHOUSE_API_KEY as string;
    const rotated = gh(['--data-dir', dataDir, 'keys', 'rotate', 'Claude Desktop', '--grace', '1h', '--json']);
    expect(rotated.code).toBe(0);
    const r = rotated.json();
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['id', 'name', 'key', 'graceUntil', 'repatch', 'holders']));
    expect(r.repatch.changes).toEqual([expect.objectContaining({ path: config, changed: true, servers: ['my files (work)'] })]);
    expect(r.holders).toEqual([]);
    const now = JSON.parse(readFileSync(config, 'utf8')).mcpServers['my files (work)'].env.GATEHOUSE_API_KEY as string;
    expect(now).toBe(r.key);
    expect(now).not.toBe(before);

    const left = gh(['--data-dir', dataDir, 'keys', 'rotate', 'Claude Desktop', '--grace', '2h', '--no-repatch']);
    expect(left.code).toBe(0);
    expect(left.out).toMatch(/Still holding the old secret:\n {2}claude-desktop {2}\S+claude_desktop_config\.json {2}\(my files \(work\); works until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)\n/);
    expect(JSON.parse(readFileSync(config, 'utf8')).mcpServers['my files (work)'].env.GATEHOUSE_API_KEY).toBe(now);
    expect(gh(['--data-dir', dataDir, 'clients', 'list']).out).toMatch(/my files \(work\) → my-files-work\s+protected, holds a key in its grace/);
  });
});
