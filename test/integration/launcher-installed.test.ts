// Installed, not only checked out: the package `npm pack` makes, laid out as `npm i -g`
// lays it out (lib/node_modules/gatehouse, bin/gatehouse a symlink to its bin), patches
// a client config whose guard entry runs the installed package's cli.js (never the
// checkout the command was run from), and that entry, started as Claude Desktop starts
// it, serves tools/list through the installed guard.
//
// `npm install --offline <tarball>` would need every dependency in the npm cache, which
// a fresh machine does not have, so the tarball is extracted into the global layout and
// its node_modules is a symlink to this checkout's (the network is never used).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';

const ROOT = resolve(import.meta.dirname, '../..');
const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
const t = tmpDir('gatehouse-installed-');
const prefix = join(t.dir, 'prefix');
const pkg = join(prefix, 'lib', 'node_modules', 'gatehouse');
const bin = join(prefix, 'bin', 'gatehouse');
const home = join(t.dir, 'home');
const dataDir = join(t.dir, 'data');
const config = join(home, '.config', 'Claude', 'claude_desktop_config.json');
// What a user's shell has: Node on PATH, no test master key (the data dir gets a key file), no keychain.
const env = {
  PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/gatehouse-test',
};

function gatehouse(args: string[], cwd: string) {
  // The bin symlink itself, run through its shebang, as a shell runs an installed command.
  const r = spawnSync(bin, ['--data-dir', dataDir, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`gatehouse ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', t.dir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_offline: 'true' } });
  if (packed.status !== 0) throw new Error(`npm pack failed (build first: npx electron-vite build): ${packed.stderr}`);
  const tarball = join(t.dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  mkdirSync(dirname(pkg), { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dirname(pkg)], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  renameSync(join(dirname(pkg), 'package'), pkg);
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(pkg, 'node_modules'), 'dir');
  mkdirSync(dirname(bin), { recursive: true });
  symlinkSync('../lib/node_modules/gatehouse/bin/gatehouse', bin);
  mkdirSync(dirname(config), { recursive: true });
}, 180_000);
afterAll(() => t.cleanup());

/** Starts a client config entry as the client does, and asks the server behind it for its tools. */
async function toolsThrough(entry: { command: string; args: string[]; env: Record<string, string> }): Promise<string[]> {
  const child = spawn(entry.command, entry.args, { cwd: home, env: { ...env, ...entry.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const send = (m: object) => child.stdin.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
  try {
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } } });
    const deadline = setTimeout(() => child.kill(), 30_000);
    for await (const line of lines) {
      const msg = JSON.parse(line) as { id?: number; result?: { tools?: { name: string }[] }; error?: { message: string } };
      if (msg.error) throw new Error(`${msg.error.message}; stderr: ${stderr}`);
      if (msg.id === 1) {
        send({ method: 'notifications/initialized' });
        send({ id: 2, method: 'tools/list' });
      } else if (msg.id === 2) {
        clearTimeout(deadline);
        return msg.result!.tools!.map((x) => x.name);
      }
    }
    throw new Error(`the guard closed its output; stderr: ${stderr}`);
  } finally {
    child.stdin.end();
    child.kill();
  }
}

describe('installed from a packed tarball', { timeout: 180_000 }, () => {
  it('patches the guard entry to run the installed package, from any working directory, and it serves', async () => {
    writeFileSync(config, JSON.stringify({ mcpServers: { echo: { command: process.execPath, args: [ECHO] } } }, null, 2));
    gatehouse(['keys', 'create', '--name', 'Claude Desktop', '--allow', 'echo:*'], home);
    // Run from inside the checkout: the one place a walk from the working directory would go wrong.
    gatehouse(['clients', 'patch', 'claude-desktop', '--server', 'echo', '--key', 'Claude Desktop'], ROOT);
    const entry = JSON.parse(readFileSync(config, 'utf8')).mcpServers.echo as { command: string; args: string[]; env: Record<string, string> };
    expect(entry.command).toBe(process.execPath);
    expect(entry.args).toEqual([join(realpathSync(pkg), 'out', 'main', 'cli.js'), 'guard', '--server', 'echo']);
    expect(entry.args[0]!.startsWith(ROOT)).toBe(false);
    expect(entry.env.GATEHOUSE_DATA_DIR).toBe(dataDir);

    expect(await toolsThrough(entry)).toEqual(['echo', 'pid', 'env']);

    // And from an unrelated folder, after unprotecting: the same installed launcher.
    gatehouse(['clients', 'unprotect', 'claude-desktop', '--server', 'echo'], t.dir);
    gatehouse(['clients', 'patch', 'claude-desktop', '--server', 'echo', '--key', 'Claude Desktop'], t.dir);
    expect(JSON.parse(readFileSync(config, 'utf8')).mcpServers.echo.args[0]).toBe(entry.args[0]);
  });
});
