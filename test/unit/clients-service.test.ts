// Protect/unprotect safety: refusals (malformed file, remote server, dead key), a file
// changed between read and write, masked previews, statuses and drift, re-apply,
// re-patch after rotation, backups, detection under a temp HOME, and the admin API.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { createClientAppService, watchDrift } from '../../src-main/core/client-apps';
import { listClients } from '../../src-main/core/client-apps/status';
import { clientsEnv, FIXTURES, LAUNCHER, type ClientsEnv } from '../helpers/clients';

let env: ClientsEnv;
afterEach(() => env?.cleanup());
const CLAUDE = '.config/Claude/claude_desktop_config.json';

function statusOf(server: string) {
  const [claude] = listClients({ records: env.service.records, registry: env.core.servers, paths: env.service.paths }, { client: 'claude-desktop' });
  return claude!.configs[0]!.servers.find((s) => s.name === server);
}

describe('refusals', () => {
  it('a malformed config is refused with a clear message and left byte for byte', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.malformed.json', CLAUDE);
    const before = env.read(file);
    expect(() => env.service.protect({ client: 'claude-desktop', servers: ['broken'], keyId: env.keyId })).toThrow(
      /is not valid JSON \(.* at line \d+\)\. Fix the file first: Gatehouse does not change a file it cannot parse/,
    );
    expect(() => env.service.preview({ client: 'claude-desktop', servers: ['broken'], keyId: env.keyId })).toThrow(/not valid JSON/);
    expect(env.read(file).equals(before)).toBe(true);
    expect(env.service.listBackups({})).toEqual([]);
    expect(readdirSync(dirname(file))).toEqual(['claude_desktop_config.json']);
    expect(statusOf('broken')).toBeUndefined();
  });

  it('a remote server becomes a stdio guard entry (bridge mode), its URL and headers in the vault', () => {
    env = clientsEnv();
    const file = join(env.home, CLAUDE);
    mkdirSync(dirname(file), { recursive: true });
    const original = '{\n  "mcpServers": {\n    "api": { "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer s3cret-upstream" } }\n  }\n}\n';
    writeFileSync(file, original);
    env.service.protect({ client: 'claude-desktop', servers: ['api'], keyId: env.keyId });
    const written = env.read(file).toString('utf8');
    expect(written).toContain('"guard"');
    expect(written).not.toContain('s3cret-upstream');
    expect(written).not.toContain('api.example.com');
    expect(env.core.servers.remote('api')).toEqual({ name: 'api', url: 'https://api.example.com/mcp', headers: { Authorization: 'Bearer s3cret-upstream' } });
    expect(statusOf('api')).toMatchObject({ status: 'protected', cannotProtect: null });
    env.service.unprotect({ client: 'claude-desktop', servers: ['api'] });
    expect(env.read(file).toString('utf8')).toBe(original);
  });

  it('a revoked key is refused', () => {
    env = clientsEnv();
    env.place('claude_desktop_config.basic.json', CLAUDE);
    env.core.keys.revoke(env.keyId);
    expect(() => env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId })).toThrow(/revoked/);
  });
});

describe('a file changed between read and write', () => {
  it('is detected: CONFLICT, the other program’s bytes stay, no temp file, the entry is not recorded', () => {
    const theirs = '{"mcpServers":{},"changed":"by Claude"}';
    env = clientsEnv({ beforeRename: (p) => writeFileSync(p, theirs) });
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    expect(() => env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId })).toThrow(
      /was changed by another program while Gatehouse was editing it; nothing was written/,
    );
    expect(readFileSync(file, 'utf8')).toBe(theirs);
    expect(readdirSync(dirname(file))).toEqual(['claude_desktop_config.json']);
    expect(env.service.records.list()).toEqual([]);
  });
});

describe('preview', () => {
  it('is a unified diff with env values and the API key masked, and writes nothing', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    const before = env.read(file);
    const p = env.service.preview({ client: 'claude-desktop', servers: ['github', 'filesystem'], keyId: env.keyId });
    expect(p.changed).toBe(true);
    expect(p.diff).toMatch(/^--- a\/.*claude_desktop_config\.json\n\+\+\+ b\/.*\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(p.diff).toContain('-        "GITHUB_PERSONAL_ACCESS_TOKEN": "••••••••"');
    expect(p.diff).toContain('+        "GATEHOUSE_API_KEY": "••••••••"');
    expect(p.diff).not.toContain(env.secret);
    expect(p.diff).not.toContain('ghp_');
    expect(env.read(file).equals(before)).toBe(true);
    expect(env.core.servers.list()).toEqual([]);
  });
});

describe('status, drift and re-apply', () => {
  it('protected → preferences-only rewrite is drifted (watcher and re-check) → re-apply restores the entries', async () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    expect(statusOf('github')?.status).toBe('unprotected');
    env.service.protect({ client: 'claude-desktop', servers: ['github', 'filesystem'], keyId: env.keyId });
    const protectedBytes = env.read(file);
    expect(statusOf('github')).toMatchObject({ status: 'protected', keyId: env.keyId, registered: true });

    const seen: string[][] = [];
    const watcher = watchDrift(env.service, env.core.servers, (events) => seen.push(events.flatMap((e) => e.servers.map((s) => s.name))), {
      debounceMs: 50,
    });
    try {
      // What Claude Desktop has been seen doing: rewrite its file with only preferences.
      writeFileSync(file, readFileSync(join(FIXTURES, 'claude_desktop_config.preferences-only.json')));
      await expect.poll(() => seen.length, { timeout: 3000 }).toBeGreaterThan(0);
      expect(seen[0]!.sort()).toEqual(['filesystem', 'github']);
      expect(watcher.check().length).toBe(1);
    } finally {
      watcher.close();
    }
    expect(statusOf('github')).toMatchObject({ status: 'drifted', driftReason: 'missing' });

    const r = env.service.reapply();
    expect(r.errors).toEqual([]);
    expect(r.changes[0]).toMatchObject({ changed: true, restartRequired: true });
    const text = env.read(file).toString();
    expect(JSON.parse(text).preferences).toEqual({ sidebarMode: 'chat' });
    expect(JSON.parse(text).mcpServers.github.env.GATEHOUSE_API_KEY).toBe(env.secret);
    expect(statusOf('github')?.status).toBe('protected');
    expect(statusOf('filesystem')?.status).toBe('protected');

    // A changed entry is drifted too; unprotect still puts the original (with its secret) back.
    writeFileSync(file, protectedBytes.toString().replace('"--server",\n        "github"', '"--server",\n        "github", "--x"'));
    expect(statusOf('github')).toMatchObject({ status: 'drifted', driftReason: 'changed' });
    env.service.unprotect({ client: 'claude-desktop', servers: ['github'] });
    expect(JSON.parse(env.read(file).toString()).mcpServers.github.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_exampleexampleexampleexample0000' });
  });

  it('after keys.rotate, repatchKey rewrites every entry that uses the key', () => {
    env = clientsEnv();
    const claude = env.place('claude_desktop_config.basic.json', CLAUDE);
    const cursor = env.place('cursor-mcp.json', '.cursor/mcp.json');
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    env.service.protect({ client: 'cursor', servers: ['everything'], keyId: env.keyId });
    const rotated = env.core.keys.rotate(env.keyId, 3600);
    const r = env.service.repatchKey(env.keyId);
    expect(r.errors).toEqual([]);
    expect(r.changes.map((c) => c.client).sort()).toEqual(['claude-desktop', 'cursor']);
    for (const f of [claude, cursor]) {
      expect(env.read(f).toString()).toContain(rotated.secret);
      expect(env.read(f).toString()).not.toContain(env.secret);
    }
    expect(statusOf('github')?.status).toBe('protected');
  });
});

describe('backups', () => {
  it('are listed newest first, restored after a checksum check, and pruned', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    env.service.unprotect({ client: 'claude-desktop', servers: ['github'] });
    env.service.protect({ client: 'claude-desktop', servers: ['filesystem'], keyId: env.keyId });
    const list = env.service.listBackups({ client: 'claude-desktop' });
    expect(list.map((b) => b.reason)).toEqual(['protect', 'unprotect', 'protect']);
    expect(statSafe(list[0]!)).toBe(0o600);
    // Tampered backup: refused.
    writeFileSync(env.service.backups.get(list[2]!.id).file, 'x');
    expect(() => env.service.restore({ backupId: list[2]!.id })).toThrow(/does not match its checksum/);
    // Newest by default (client + path), and the current bytes are backed up first.
    const r = env.service.restore({ client: 'claude-desktop' });
    expect(r.restoredFrom).toBe(list[0]!.id);
    expect(env.read(file).equals(readFileSync(join(FIXTURES, 'claude_desktop_config.basic.json')))).toBe(true);
    expect(env.service.listBackups({})[0]!.reason).toBe('before-restore');
    expect(statusOf('filesystem')?.status).toBe('unprotected'); // the restored file decides
    const pruned = env.service.pruneBackups({ keep: 1 });
    expect(pruned.removed).toHaveLength(3);
    expect(env.service.listBackups({})).toHaveLength(1);
  });
});

function statSafe(b: { id: string }): number {
  return statSync(env.service.backups.get(b.id).file).mode & 0o777;
}

describe('detection', () => {
  it('finds installed clients under a temp HOME, and refuses to guess between two Claude Desktop configs (MSIX)', () => {
    env = clientsEnv();
    env.place('cursor-mcp.json', '.cursor/mcp.json');
    env.place('codex-config.toml', '.codex/config.toml');
    mkdirSync(join(env.home, '.gemini'));
    const deps = { records: env.service.records, registry: env.core.servers, paths: env.service.paths };
    const apps = listClients(deps);
    const installed = apps.filter((a) => a.installed).map((a) => a.id);
    expect(installed.sort()).toEqual(['codex', 'cursor', 'gemini']);
    const codex = apps.find((a) => a.id === 'codex')!;
    expect(codex.configs[0]!.servers.map((s) => [s.name, s.status, s.transport])).toEqual([
      ['everything', 'unprotected', 'stdio'],
      ['docs', 'unprotected', 'http'],
    ]);

    const appData = join(env.home, 'AppData', 'Roaming');
    const local = join(env.home, 'AppData', 'Local');
    const a = join(appData, 'Claude', 'claude_desktop_config.json');
    const b = join(local, 'Packages', 'Claude_pzs8sxrjxfjjc', 'LocalCache', 'Roaming', 'Claude', 'claude_desktop_config.json');
    for (const f of [a, b]) {
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, readFileSync(join(FIXTURES, 'claude_desktop_config.basic.json')));
    }
    const win = createClientAppService(env.core, { launcher: LAUNCHER, paths: { platform: 'win32', home: env.home, env: { APPDATA: appData, LOCALAPPDATA: local } } });
    expect(() => win.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId })).toThrow(/more than one Claude Desktop config/);
    const claude = listClients({ ...deps, paths: win.paths }, { client: 'claude-desktop' })[0]!;
    expect(claude.warning).toMatch(/found 2 Claude Desktop configs/);
    expect(claude.configs.map((c) => c.path).sort()).toEqual([a, b].sort());
    // With the path given, it works.
    expect(win.protect({ client: 'claude-desktop', configPath: b, servers: ['github'], keyId: env.keyId }).changed).toBe(true);
    expect(existsSync(a)).toBe(true);
  });
});

describe('admin API', () => {
  it('clients.firstRun, clients.list, clients.preview and clients.protect through dispatch', async () => {
    env = clientsEnv();
    env.core.keys.revoke(env.keyId);
    env.core.db.prepare('DELETE FROM api_keys').run();
    env.place('claude_desktop_config.basic.json', CLAUDE);
    const api = createApi(env.core, { clients: { launcher: LAUNCHER, paths: env.service.paths } });
    const call = async (m: string, input: unknown) => {
      const r = await api.dispatch(m, input, { actor: 'desktop' });
      if ('error' in r) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.data as never;
    };
    const first: { needed: boolean; claudeDesktop: { unprotected: string[] } } = await call('clients.firstRun', {});
    expect(first.needed).toBe(true);
    expect(first.claudeDesktop.unprotected).toEqual(['filesystem', 'github']);
    const created: { key: { id: string } } = await call('keys.create', { name: 'Claude Desktop', expiresInSeconds: null, rules: [], rateLimit: null });
    const preview: { diff: string } = await call('clients.preview', { client: 'claude-desktop', servers: ['github'], keyId: created.key.id });
    expect(preview.diff).toContain('GATEHOUSE_API_KEY');
    const change: { restartNotice: string } = await call('clients.protect', { client: 'claude-desktop', servers: ['github'], keyId: created.key.id });
    expect(change.restartNotice).toBe('Restart Claude Desktop to apply.');
    const apps: { id: string; configs: { servers: { name: string; status: string }[] }[] }[] = await call('clients.list', {});
    expect(apps.find((a) => a.id === 'claude-desktop')!.configs[0]!.servers).toMatchObject([
      { name: 'filesystem', status: 'unprotected' },
      { name: 'github', status: 'protected' },
    ]);
    await expect(call('clients.protect', { client: 'nope', servers: ['x'], keyId: created.key.id })).rejects.toThrow(/INVALID_INPUT/);
  });
});
