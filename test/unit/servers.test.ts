import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importClaudeServers } from '../../src-main/core/servers/claude-import';
import { claudeDesktopCandidates, claudeDesktopConfigPath } from '../../src-main/core/client-apps/claude-desktop-path';
import { freshCores, tmpDir } from '../helpers/core';
import { FIXTURES } from '../helpers/fixtures';

const cores = freshCores();
const setup = () => cores.open();
function fixture(dir: string, name: string): string {
  const to = join(dir, name);
  copyFileSync(join(FIXTURES, name), to);
  return to;
}

describe('server registry', () => {
  it('keeps env values in the vault and only their names in the open', () => {
    const { core, dir } = setup();
    const s = core.servers.add({ transport: 'stdio', name: 'gh', command: 'npx', args: ['-y', 'x'], cwd: null, env: { TOKEN: 'sekret-value-123' } });
    expect(s).toMatchObject({ name: 'gh', transport: 'stdio', envNames: ['TOKEN'], toolCount: 0 });
    expect(JSON.stringify(core.servers.list())).not.toContain('sekret-value-123');
    expect(core.servers.launch('gh')).toEqual({ name: 'gh', command: 'npx', args: ['-y', 'x'], cwd: null, env: { TOKEN: 'sekret-value-123' } });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(join(dir, 'gatehouse.db'));
    expect(raw.includes(Buffer.from('sekret-value-123'))).toBe(false);
  });

  it('keeps stored secrets on update when the value is left empty', () => {
    const { core } = setup();
    core.servers.add({ transport: 'http', name: 'remote', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x1' } });
    core.servers.update('remote', { transport: 'http', name: 'remote2', url: 'https://mcp.example.com/v2', headers: { Authorization: '' } });
    expect(core.servers.remote('remote2')).toEqual({ name: 'remote2', url: 'https://mcp.example.com/v2', headers: { Authorization: 'Bearer x1' } });
    expect(() => core.servers.get('remote')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses a duplicate name and removes a server with its catalog', () => {
    const { core } = setup();
    const def = { transport: 'stdio' as const, name: 'a', command: 'x', args: [], cwd: null, env: {} };
    core.servers.add(def);
    expect(() => core.servers.add(def)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    core.servers.saveCatalog('a', { serverInfo: { name: 'a', version: '1' }, tools: [{ name: 't', title: null, description: 'd', annotations: { readOnlyHint: true } }] });
    expect(core.servers.get('a').tools).toEqual([{ name: 't', title: null, description: 'd', annotations: { readOnlyHint: true } }]);
    core.servers.remove('a');
    expect(core.servers.list()).toEqual([]);
    expect(core.db.prepare('SELECT count(*) AS n FROM server_tools').get()).toEqual({ n: 0 });
  });
});

describe('import from Claude Desktop', () => {
  it('adds every stdio server, moving env secrets into the vault', () => {
    const { core, dir } = setup();
    const path = fixture(dir, 'claude_desktop_config.basic.json');
    const before = readFileSync(path);
    expect(importClaudeServers(core.servers, path)).toEqual({ added: ['filesystem', 'github'], renamed: [], skipped: [] });
    expect(core.servers.launch('github').env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_exampleexampleexampleexample0000' });
    expect(core.servers.get('filesystem').args).toContain('/Users/ana/Desktop');
    expect(readFileSync(path).equals(before)).toBe(true); // import reads, never writes
    expect(importClaudeServers(core.servers, path).skipped.map((s) => s.reason)).toEqual([
      'already registered as filesystem',
      'already registered as github',
    ]);
  });

  it('reads the Windows shape (BOM-free, 4 spaces, non-ASCII paths)', () => {
    const { core, dir } = setup();
    const r = importClaudeServers(core.servers, fixture(dir, 'claude_desktop_config.windows.json'));
    expect(r.added).toEqual(['sqlite', 'everything']);
    expect(core.servers.get('sqlite').args).toContain('C:\\Users\\José\\data\\tëst.db');
  });

  it('refuses a malformed file with a clear message and adds nothing', () => {
    const { core, dir } = setup();
    const path = fixture(dir, 'claude_desktop_config.malformed.json');
    expect(() => importClaudeServers(core.servers, path)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('is not valid JSON') }),
    );
    expect(core.servers.list()).toEqual([]);
  });

  it('finds nothing to add in a preferences-only file', () => {
    const { core, dir } = setup();
    expect(importClaudeServers(core.servers, fixture(dir, 'claude_desktop_config.preferences-only.json'))).toEqual({ added: [], renamed: [], skipped: [] });
  });

  it('skips entries that already launch the guard', () => {
    const { core, dir } = setup();
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify({ mcpServers: { fs: { command: '/usr/bin/node', args: ['/x/cli.js', 'guard', '--server', 'fs'] } } }));
    expect(importClaudeServers(core.servers, path).skipped).toEqual([{ name: 'fs', reason: 'already protected by Gatehouse' }]);
  });
});

describe('Claude Desktop config path', () => {
  it('knows each OS, and refuses to guess between the Windows installer and Store paths', () => {
    const t = tmpDir();
    cores.later(t.cleanup);
    expect(claudeDesktopCandidates({ platform: 'darwin', home: '/Users/ana', env: {} })).toEqual([
      '/Users/ana/Library/Application Support/Claude/claude_desktop_config.json',
    ]);
    expect(claudeDesktopCandidates({ platform: 'linux', home: '/home/ana', env: { XDG_CONFIG_HOME: '/x' } })).toEqual([
      '/x/Claude/claude_desktop_config.json',
    ]);
    const appData = join(t.dir, 'Roaming');
    const local = join(t.dir, 'Local');
    const msix = join(local, 'Packages', 'Claude_pzs8sxrjxfjjc', 'LocalCache', 'Roaming', 'Claude');
    mkdirSync(msix, { recursive: true });
    mkdirSync(join(appData, 'Claude'), { recursive: true });
    const env = { platform: 'win32' as const, home: t.dir, env: { APPDATA: appData, LOCALAPPDATA: local } };
    const candidates = claudeDesktopCandidates(env);
    expect(candidates).toHaveLength(2);
    writeFileSync(join(msix, 'claude_desktop_config.json'), '{}');
    expect(claudeDesktopConfigPath(env)).toBe(join(msix, 'claude_desktop_config.json'));
    writeFileSync(join(appData, 'Claude', 'claude_desktop_config.json'), '{}');
    expect(() => claudeDesktopConfigPath(env)).toThrow(/more than one Claude Desktop config/);
    expect(existsSync(join(appData, 'Claude', 'claude_desktop_config.json'))).toBe(true);
  });
});
