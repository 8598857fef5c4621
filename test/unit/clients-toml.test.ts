// Codex's TOML config edited through a real parser's source ranges: text that looks
// like a string delimiter or a table header inside a comment or a multi-line string
// moves no boundary, and a write that would change anything but its entry is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTomlConfig } from '../../src-main/core/client-apps/toml-config';
import { assertOnlyEntriesChanged } from '../../src-main/core/client-apps/lossless';
import { clientsEnv, type ClientsEnv } from '../helpers/clients';

let env: ClientsEnv;
afterEach(() => env?.cleanup());

function codex(text: string): string {
  const file = join(env.home, '.codex/config.toml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const withoutEntry = (text: string, name: string) => {
  const data = parse(text) as { mcp_servers: Record<string, unknown> };
  delete data.mcp_servers[name];
  return data;
};

describe('Codex TOML', () => {
  it('a """ in a comment of the protected table keeps the next server (the issue’s data loss)', () => {
    env = clientsEnv();
    const text = '[mcp_servers.a]\ncommand = "npx"\n# a comment with """ in it\nargs = ["x"]\n\n[mcp_servers.b]\ncommand = "b"\nargs = ["keep me"]\n';
    const file = codex(text);
    env.service.protect({ client: 'codex', servers: ['a'], keyId: env.keyId });
    const after = env.read(file).toString('utf8');
    expect(withoutEntry(after, 'a')).toEqual(withoutEntry(text, 'a'));
    expect(after).toContain('[mcp_servers.b]\ncommand = "b"\nargs = ["keep me"]\n');
    env.service.unprotect({ client: 'codex', servers: ['a'] });
    expect(env.read(file).toString('utf8')).toBe(text);
  });

  it("multi-line strings holding table headers and quotes, ''' in comments, inline tables and arrays of tables", () => {
    env = clientsEnv();
    const text = [
      'notes = """',
      '[mcp_servers.a]',
      "''' not a delimiter here",
      '"""',
      '',
      "[mcp_servers.a] # ''' and \"\"\" in a header comment",
      'command = "npx"',
      "description = '''",
      '[mcp_servers.b]',
      "'''",
      'env = { TOKEN = "t" } # trailing comment',
      '',
      '[[profiles]]',
      'name = "x"',
      '',
      '[mcp_servers]',
      'inline = { command = "inline-cmd", args = ["i"] }',
      '',
      '[mcp_servers.b]',
      'command = "b"',
      '',
    ].join('\n');
    const file = codex(text);
    env.service.protect({ client: 'codex', servers: ['a', 'inline'], keyId: env.keyId });
    const after = env.read(file).toString('utf8');
    const data = parse(after) as { notes: string; profiles: unknown[]; mcp_servers: Record<string, { args: string[] }> };
    expect(data.notes).toBe("[mcp_servers.a]\n''' not a delimiter here\n");
    expect(data.profiles).toEqual([{ name: 'x' }]);
    expect(data.mcp_servers.b).toEqual({ command: 'b' });
    expect(data.mcp_servers.a!.args.slice(-2)).toEqual(['--server', 'a']);
    // The inline entry stays inline, on its own line.
    expect(after).toMatch(/\ninline = \{ command = "[^"]+", args = \[[^\n]*"--server", "inline"\], env = \{ GATEHOUSE_API_KEY = "ghk_[^"]+" \} \}\n/);
    env.service.unprotect({ client: 'codex', servers: ['a', 'inline'] });
    expect(env.read(file).toString('utf8')).toBe(text);
  });

  it('an entry spread over tables that are not adjacent is refused, the file untouched', () => {
    env = clientsEnv();
    const text = '[mcp_servers.a]\ncommand = "x"\n\n[other]\nk = 1\n\n[mcp_servers.a.env]\nT = "v"\n';
    const file = codex(text);
    expect(() => env.service.protect({ client: 'codex', servers: ['a'], keyId: env.keyId })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('Move it together first') }),
    );
    expect(env.read(file).toString('utf8')).toBe(text);
  });

  it('the proof refuses an edit that would touch anything but its entry, naming where', () => {
    const shape = { format: 'toml' as const, serversKey: 'mcp_servers', path: '/x/config.toml' };
    const before = '[mcp_servers.a]\ncommand = "x"\n\n[mcp_servers.b]\ncommand = "b"\n';
    const doc = parseTomlConfig(before, { serversKey: 'mcp_servers', path: shape.path });
    const good = doc.withEntry('a', { command: 'guard' });
    expect(() => assertOnlyEntriesChanged(before, good, shape, ['a'])).not.toThrow();
    // What the old line counter produced for the file: b's table gone.
    const lossy = '[mcp_servers.a]\ncommand = "guard"\n';
    expect(() => assertOnlyEntriesChanged(before, lossy, shape, ['a'])).toThrow(/would also change mcp_servers\.b; Gatehouse refused the write/);
    expect(() => assertOnlyEntriesChanged(before, before.replace('"b"', '"B"'), shape, ['a'])).toThrow(/mcp_servers\.b\.command/);
  });
});
