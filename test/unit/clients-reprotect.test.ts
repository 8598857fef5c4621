// The entry as it is now: Protect registers what the client's config says today (the
// issue: unprotect, narrow the args, protect again → the old, wider args came back), the
// preview says what the registry learns, and Unprotect after an edit in Gatehouse writes
// the edited definition back instead of undoing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { clientsEnv, type ClientsEnv } from '../helpers/clients';

let env: ClientsEnv;
afterEach(() => env?.cleanup());
const CLAUDE = '.config/Claude/claude_desktop_config.json';

const narrow = (file: string, args: string[]) => {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  j.mcpServers.filesystem.args = args;
  writeFileSync(file, JSON.stringify(j, null, 2) + '\n');
};

describe('re-protect after the entry was edited', () => {
  it('registers the edited args, and the preview and the result say so', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['filesystem'], keyId: env.keyId });
    env.service.unprotect({ client: 'claude-desktop', servers: ['filesystem'] });
    const narrower = ['-y', '@modelcontextprotocol/server-filesystem', '/Users/ana/Documents/only-this'];
    narrow(file, narrower);

    const preview = env.service.preview({ client: 'claude-desktop', servers: ['filesystem'], keyId: env.keyId });
    expect(preview.registry).toEqual([
      {
        server: 'filesystem',
        registryName: 'filesystem',
        action: 'update',
        changes: [
          'args (["-y","@modelcontextprotocol/server-filesystem","/Users/ana/Documents","/Users/ana/Desktop"] → ["-y","@modelcontextprotocol/server-filesystem","/Users/ana/Documents/only-this"])',
        ],
      },
    ]);
    const change = env.service.protect({ client: 'claude-desktop', servers: ['filesystem'], keyId: env.keyId });
    expect(change.registry.map((r) => r.action)).toEqual(['update']);
    // What the guard will start: the narrower directory, not the one registered first.
    expect(env.core.servers.launch('filesystem').args).toEqual(narrower);
    // And unprotect gives back what the file said.
    env.service.unprotect({ client: 'claude-desktop', servers: ['filesystem'] });
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.filesystem.args).toEqual(narrower);
  });

  it('an env change shows only names, never values; an unchanged entry changes nothing in the registry', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    env.service.unprotect({ client: 'claude-desktop', servers: ['github'] });
    expect(env.service.preview({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId }).registry).toEqual([]);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j.mcpServers.github.env = { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_rotated-secret-value', GH_HOST: 'ghe.example.com' };
    writeFileSync(file, JSON.stringify(j));
    const preview = env.service.preview({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    expect(preview.registry[0]!.changes).toEqual(['env (+GH_HOST; new value for GITHUB_PERSONAL_ACCESS_TOKEN)']);
    expect(JSON.stringify(preview)).not.toContain('ghp_rotated-secret-value');
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    expect(env.core.servers.launch('github').env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_rotated-secret-value', GH_HOST: 'ghe.example.com' });
  });
});

describe('unprotect after the server was edited in Gatehouse', () => {
  it('writes the edited command and args with the original’s other keys; unedited servers get their exact bytes back', () => {
    env = clientsEnv();
    const file = env.place('vscode-mcp.jsonc', '.config/Code/User/mcp.json');
    const original = env.read(file).toString('utf8');
    env.service.protect({ client: 'vscode', servers: ['github'], keyId: env.keyId });
    env.core.servers.update('github', { transport: 'stdio', name: 'github', command: 'uvx', args: ['gh-mcp', '--read-only'], cwd: null, env: { GITHUB_PERSONAL_ACCESS_TOKEN: '' } });
    const preview = env.service.previewUnprotect({ client: 'vscode', servers: ['github'] });
    expect(preview.diff).toContain('+      "command": "uvx"');
    const change = env.service.unprotect({ client: 'vscode', servers: ['github'] });
    expect(change.edited).toEqual(['github']);
    const text = env.read(file).toString('utf8');
    expect(text).toContain('// Team MCP servers. Keep secrets out of this file.');
    expect(text).toContain('"type": "stdio"');
    expect(text).toContain('"args": [\n        "gh-mcp",\n        "--read-only"\n      ]');
    expect(text).toContain('"GITHUB_PERSONAL_ACCESS_TOKEN": "${input:gh-token}"'); // the kept secret, not a blank

    // Without an edit, the original bytes come back exactly.
    env.place('vscode-mcp.jsonc', '.config/Code/User/mcp.json');
    env.service.protect({ client: 'vscode', servers: ['docs'], keyId: env.keyId });
    env.service.unprotect({ client: 'vscode', servers: ['docs'] });
    expect(env.read(file).toString('utf8')).toBe(original);
  });
});
