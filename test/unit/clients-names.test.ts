// Server names as people write them (spaces, parentheses, dots, accents, emoji) in
// every client format: the config keeps the client's name, the registry gets a derived
// one, and protect, unprotect, re-apply and restore all work on the client's name.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { parseConfig } from '../../src-main/core/client-apps/config-doc';
import { listClients } from '../../src-main/core/client-apps/status';
import { slugOf } from '../../src-main/core/servers/registry-names';
import { clientsEnv, LAUNCHER, type ClientsEnv } from '../helpers/clients';

let env: ClientsEnv;
afterEach(() => env?.cleanup());

const NAMES: [string, string][] = [
  ['my files (work)', 'my-files-work'],
  ['Café ☕', 'Cafe'],
  ['awslabs.aws-documentation-mcp-server', 'awslabs.aws-documentation-mcp-server'],
  ['🚀 launch "quoted" \\ name', 'launch-quoted-name'],
];

interface Format {
  client: 'claude-desktop' | 'vscode' | 'codex';
  rel: string;
  serversKey: string;
  format: 'json' | 'jsonc' | 'toml';
  /** A config holding the entry `name` and a neighbour `other`. */
  text(name: string): string;
}

const tomlKey = (k: string) => JSON.stringify(k);
const FORMATS: Format[] = [
  {
    client: 'claude-desktop',
    rel: '.config/Claude/claude_desktop_config.json',
    serversKey: 'mcpServers',
    format: 'json',
    text: (name) =>
      `{\n  "mcpServers": {\n    ${JSON.stringify(name)}: {\n      "command": "npx",\n      "args": ["-y", "pkg", "/home/ana/work"],\n      "env": { "TOKEN": "s3cret-value" }\n    },\n    "other": { "command": "other" }\n  },\n  "globalShortcut": "Ctrl+Space"\n}\n`,
  },
  {
    client: 'vscode',
    rel: '.config/Code/User/mcp.json',
    serversKey: 'servers',
    format: 'jsonc',
    text: (name) =>
      `{\n  // mine\n  "servers": {\n    ${JSON.stringify(name)}: {\n      "type": "stdio",\n      "command": "npx", // the runner\n      "args": ["-y", "pkg", "/home/ana/work"],\n      "env": { "TOKEN": "s3cret-value" },\n    },\n    "other": { "type": "stdio", "command": "other" },\n  },\n}\n`,
  },
  {
    client: 'codex',
    rel: '.codex/config.toml',
    serversKey: 'mcp_servers',
    format: 'toml',
    text: (name) =>
      `model = "gpt-5"\n\n[mcp_servers.${tomlKey(name)}]\ncommand = "npx"\n# a note with """ and [mcp_servers.other] in it\nargs = ["-y", "pkg", "/home/ana/work"]\n\n[mcp_servers.${tomlKey(name)}.env]\nTOKEN = "s3cret-value"\n\n[mcp_servers.other]\ncommand = "other"\n`,
  },
];

function place(f: Format, name: string): string {
  const file = join(env.home, f.rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, f.text(name));
  return file;
}

const entries = (f: Format, file: string) => parseConfig(env.read(file).toString('utf8'), { format: f.format, serversKey: f.serversKey, path: file }).entries();

function entryStatus(f: Format, name: string) {
  const [app] = listClients(env.service.statusDeps(), { client: f.client });
  return app!.configs.flatMap((c) => c.servers).find((s) => s.name === name);
}

describe('any server name, in every client format', () => {
  for (const f of FORMATS) {
    for (const [name, registryName] of NAMES) {
      it(`${f.client}: "${name}" is protected as ${registryName}; unprotect, re-apply and restore use the client's name`, async () => {
        env = clientsEnv();
        const file = place(f, name);
        const original = env.read(file);
        const before = entries(f, file);
        expect(entryStatus(f, name)).toMatchObject({ status: 'unprotected', registryName, registered: false });

        const change = env.service.protect({ client: f.client, servers: [name], keyId: env.keyId });
        expect(change.imported).toEqual([registryName]);
        const written = entries(f, file);
        // The client's own name stays the key; the guard is told the registry name.
        expect(Object.keys(written).sort()).toEqual([name, 'other'].sort());
        expect((written[name] as { args: string[] }).args).toEqual([...LAUNCHER.args, 'guard', '--server', registryName]);
        expect(written.other).toEqual(before.other);
        expect(env.core.servers.launch(registryName)).toMatchObject({ command: 'npx', args: ['-y', 'pkg', '/home/ana/work'], env: { TOKEN: 's3cret-value' } });
        expect(env.core.servers.list().find((s) => s.name === registryName)?.aliases).toEqual(registryName === name ? [] : [name]);
        expect(entryStatus(f, name)).toMatchObject({ status: 'protected', registryName, registered: true });

        // The admin API (and so the CLI and the screens) finds the server by the client's name.
        const api = createApi(env.core);
        expect(await api.dispatch('servers.get', { name }, { actor: 'cli' })).toMatchObject({ data: { name: registryName } });

        // Re-apply after the client dropped the entry puts Gatehouse's entry back under the client's name.
        writeFileSync(file, f.text('dropped'));
        expect(entryStatus(f, name)).toMatchObject({ status: 'drifted', driftReason: 'missing' });
        const re = env.service.reapply({ client: f.client });
        expect(re.errors).toEqual([]);
        expect(entryStatus(f, name)).toMatchObject({ status: 'protected' });

        // Restore the backup taken before that re-apply: the file decides, the record goes.
        const restored = env.service.restore({ backupId: re.changes[0]!.backupId! });
        expect(env.read(file).toString('utf8')).toBe(f.text('dropped'));
        expect(restored.changed).toBe(true);
        expect(entryStatus(f, name)).toBeUndefined();

        // Protect and unprotect on the first layout: the original bytes come back exactly.
        writeFileSync(file, original);
        env.service.protect({ client: f.client, servers: [name], keyId: env.keyId });
        env.service.unprotect({ client: f.client, servers: [name] });
        expect(env.read(file).equals(original)).toBe(true);
      });
    }
  }
});

describe('registry names', () => {
  it('are derived from any name, never empty, and unique', () => {
    expect(slugOf('my files (work)')).toBe('my-files-work');
    expect(slugOf('  --weird__ name.. ')).toBe('weird__-name');
    expect(slugOf('日本語')).toMatch(/^server-[0-9a-f]{6}$/);
    expect(slugOf('日本語')).not.toBe(slugOf('中文'));
    expect(slugOf('x'.repeat(200)).length).toBeLessThanOrEqual(64);
  });

  it('two client names that derive the same name get distinct registry names in one protect', () => {
    env = clientsEnv();
    const file = join(env.home, FORMATS[0]!.rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ mcpServers: { 'my files': { command: 'a' }, 'my-files': { command: 'b' }, 'my  files': { command: 'c' } } }));
    const change = env.service.protect({ client: 'claude-desktop', servers: ['my files', 'my-files', 'my  files'], keyId: env.keyId });
    expect(change.imported.sort()).toEqual(['my-files', 'my-files-2', 'my-files-3']);
    expect(env.core.servers.launch('my-files').command).toBe('b'); // the entry whose own name it is
    expect(env.core.servers.resolve('my files')).not.toBe('my-files');
    expect(new Set(['my files', 'my-files', 'my  files'].map((n) => env.core.servers.resolve(n))).size).toBe(3);
  });

  it('a name matching several servers (ignoring case) is an error listing them; an unknown one says where to look', () => {
    env = clientsEnv();
    env.core.servers.add({ transport: 'stdio', name: 'Files', command: 'a', args: [], cwd: null, env: {} });
    env.core.servers.add({ transport: 'stdio', name: 'files', command: 'b', args: [], cwd: null, env: {} });
    expect(env.core.servers.resolve('files')).toBe('files');
    expect(() => env.core.servers.resolve('FILES')).toThrow(expect.objectContaining({ code: 'AMBIGUOUS_NAME', message: expect.stringMatching(/"FILES" names 2 servers: Files; files/) }));
    expect(() => env.core.servers.resolve('fil')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/did you mean "Files" or "files"\?.*gatehouse servers list/) }));
  });
});
