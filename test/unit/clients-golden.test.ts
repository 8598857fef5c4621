// Golden files for every client format: original → protected (exact bytes) → protected
// again (no change) → unprotected and restored (the original bytes), with comments,
// indentation, key order, BOM, line endings and the final newline kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { clientsEnv, FIXTURES, LAUNCHER, type ClientsEnv } from '../helpers/clients';

let env: ClientsEnv;
afterEach(() => env?.cleanup());

const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}`);

/** Protects, checks idempotence, unprotects and restores; returns the protected text. */
function roundTrip(client: string, file: string, servers: string[]): string {
  const original = env.read(file);
  const first = env.service.protect({ client, configPath: file, servers, keyId: env.keyId });
  expect(first.changed).toBe(true);
  expect(first.backupId).toMatch(/^bak_/);
  const protectedBytes = env.read(file);
  const again = env.service.protect({ client, configPath: file, servers, keyId: env.keyId });
  expect(again.changed).toBe(false);
  expect(env.read(file).equals(protectedBytes)).toBe(true);

  // Restore: the backup taken before the first write is the original, byte for byte.
  const restored = env.service.restore({ backupId: first.backupId! });
  expect(restored.changed).toBe(true);
  expect(env.read(file).equals(original)).toBe(true);

  // Unprotect after protecting again also gives the original bytes back (exact source splice).
  env.service.protect({ client, configPath: file, servers, keyId: env.keyId });
  expect(env.read(file).equals(protectedBytes)).toBe(true);
  env.service.unprotect({ client, configPath: file, servers });
  expect(env.read(file).equals(original)).toBe(true);
  return protectedBytes.toString('utf8');
}

const guardArgs = (server: string, indent: string, step: string) =>
  [`"${LAUNCHER.args[0]}"`, '"guard"', '"--server"', `"${server}"`].map((a) => indent + step + a).join(',\n');

/** The lines inside a protected entry (command, args, env with the key), for an entry at `pad` indented by `step`. */
const guardEntry = (server: string, pad: string, step: string) => {
  const inner = pad + step;
  return [
    `${inner}"command": "${LAUNCHER.command}",`,
    `${inner}"args": [`,
    guardArgs(server, inner, step),
    `${inner}],`,
    `${inner}"env": {`,
    `${inner}${step}"GATEHOUSE_API_KEY": "${env.secret}"`,
    `${inner}}`,
  ];
};

describe('golden files', () => {
  it('Claude Desktop basic: exact protected bytes; filesystem, globalShortcut and preferences untouched', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', '.config/Claude/claude_desktop_config.json');
    const text = roundTrip('claude-desktop', file, ['github']);
    const original = fixture('claude_desktop_config.basic.json').toString();
    const oldEntry = original.slice(original.indexOf('"github": {') + '"github": '.length, original.indexOf('\n  },\n  "globalShortcut"'));
    const newEntry = ['{', ...guardEntry('github', '    ', '  '), '    }'].join('\n');
    expect(text).toBe(original.replace(oldEntry, newEntry));
    // No old secret stays behind (the entry is replaced wholly, never merged).
    expect(text).not.toContain('ghp_example');
    // The env secret moved into the vault with the imported server.
    expect(env.core.servers.launch('github').env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_exampleexampleexampleexample0000' });
  });

  it('Claude Desktop on Windows: 4-space indent, backslashes and non-ASCII path kept', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.windows.json', 'AppData/claude_desktop_config.json');
    const text = roundTrip('claude-desktop', file, ['everything']);
    const original = fixture('claude_desktop_config.windows.json').toString();
    const start = original.indexOf('"everything": ') + '"everything": '.length;
    const end = original.lastIndexOf('\n        }') + '\n        }'.length;
    const newEntry = ['{', ...guardEntry('everything', '        ', '    '), '        }'].join('\n');
    expect(text).toBe(original.slice(0, start) + newEntry + original.slice(end));
    expect(text).toContain('"C:\\\\Users\\\\José\\\\data\\\\tëst.db"');
  });

  it('VS Code JSONC: comments, trailing commas, inputs and `type` kept', () => {
    env = clientsEnv();
    const file = env.place('vscode-mcp.jsonc', '.config/Code/User/mcp.json');
    const text = roundTrip('vscode', file, ['github']);
    const expected = [
      '{',
      '  // Team MCP servers. Keep secrets out of this file.',
      '  "inputs": [',
      '    { "type": "promptString", "id": "gh-token", "description": "GitHub token", "password": true }',
      '  ],',
      '  "servers": {',
      '    "github": {',
      '      "type": "stdio",',
      ...guardEntry('github', '    ', '  '),
      // The comment was inside the replaced entry (after its env): it goes with it.
      '    },',
      '    "docs": { "type": "http", "url": "https://docs.example.com/mcp" }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(text).toBe(expected);
  });

  it('Codex TOML: only the [mcp_servers.NAME] table is replaced', () => {
    env = clientsEnv();
    const file = env.place('codex-config.toml', '.codex/config.toml');
    const text = roundTrip('codex', file, ['everything']);
    expect(text).toBe(
      [
        'model = "gpt-5"',
        '',
        '# MCP servers',
        '[mcp_servers.everything]',
        `command = "${LAUNCHER.command}"`,
        `args = ["${LAUNCHER.args[0]}", "guard", "--server", "everything"]`,
        `env = { GATEHOUSE_API_KEY = "${env.secret}" }`,
        '',
        '[mcp_servers.docs]',
        'url = "https://docs.example.com/mcp"',
        'bearer_token_env_var = "DOCS_TOKEN"',
        '',
      ].join('\n'),
    );
  });

  it('Codex TOML with an [mcp_servers.NAME.env] sub-table: replaced together', () => {
    env = clientsEnv();
    const file = env.place('codex-config.toml', '.codex/config.toml');
    const src = fixture('codex-config.toml').toString().replace('\n[mcp_servers.docs]', '\n[mcp_servers.everything.env]\nTOKEN = "s3cret"\n\n[mcp_servers.docs]');
    writeFileSync(file, src);
    const text = roundTrip('codex', file, ['everything']);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('[mcp_servers.everything.env]');
    expect(text.endsWith('[mcp_servers.docs]\nurl = "https://docs.example.com/mcp"\nbearer_token_env_var = "DOCS_TOKEN"\n')).toBe(true);
  });

  it('Cursor and Windsurf: one-line entries and remote entries (url, serverUrl, headers) kept', () => {
    for (const [name, rel, client] of [
      ['cursor-mcp.json', '.cursor/mcp.json', 'cursor'],
      ['windsurf-mcp_config.json', '.codeium/windsurf/mcp_config.json', 'windsurf'],
    ] as const) {
      env = clientsEnv();
      const file = env.place(name, rel);
      const text = roundTrip(client, file, ['everything']);
      const remoteLine = fixture(name).toString().split('\n').find((l) => l.includes('"remote-api"'))!;
      expect(text).toContain(`${remoteLine}\n  }\n}\n`);
      env.cleanup();
    }
    env = undefined as unknown as ClientsEnv;
  });

  it('BOM, CRLF line endings and no final newline are kept', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', '.config/Claude/claude_desktop_config.json');
    const src = '\uFEFF' + fixture('claude_desktop_config.basic.json').toString().replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    writeFileSync(file, src);
    const text = roundTrip('claude-desktop', file, ['github']);
    expect(text.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(text.endsWith('}')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain(`\r\n        "GATEHOUSE_API_KEY": "${env.secret}"\r\n`);
  });

  it('preferences-only (one line, no final newline): the entry is added compactly; restore gives the bytes back', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.preferences-only.json', '.config/Claude/claude_desktop_config.json');
    env.core.servers.add({ transport: 'stdio', name: 'github', command: 'npx', args: [], cwd: null, env: {} });
    const r = env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    const text = env.read(file).toString();
    expect(text.startsWith('{"preferences":{"sidebarMode":"chat"},"mcpServers":{"github":{"command":')).toBe(true);
    expect(text.endsWith('}}}}')).toBe(true);
    env.service.restore({ backupId: r.backupId! });
    expect(env.read(file).equals(fixture('claude_desktop_config.preferences-only.json'))).toBe(true);
  });
});
