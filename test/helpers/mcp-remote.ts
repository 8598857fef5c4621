// mcp-remote (what Claude Desktop users run for remote servers) as a real child process:
// an MCP client talks stdio to it, it signs in to the remote server with OAuth (DCR, PKCE)
// and relays. Its tokens live in `configDir` (MCP_REMOTE_CONFIG_DIR), so a second run on
// the same dir is a restart that reuses them. It prints the authorization URL on stderr;
// `authorize` opens it (in Chromium, signed in as the Gatehouse admin). A stub browser
// opener keeps it from starting a browser of its own.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROXY = join(ROOT, 'node_modules/mcp-remote/dist/proxy.js');

export interface McpRemote {
  client: Client;
  /** The authorization URLs it asked the user to open (none: it reused stored tokens). */
  authorizations: string[];
  stderr: () => string;
  close(): Promise<void>;
}

function stubOpeners(configDir: string): string {
  const bin = join(configDir, 'stub-bin');
  mkdirSync(bin, { recursive: true });
  for (const name of ['xdg-open', 'gio', 'x-www-browser', 'sensible-browser', 'browser-stub']) {
    writeFileSync(join(bin, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

export async function connectMcpRemote(url: string, configDir: string, authorize: (url: string) => Promise<void>, extraArgs: string[] = []): Promise<McpRemote> {
  const bin = stubOpeners(configDir);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [PROXY, url, ...extraArgs],
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: configDir, MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: join(bin, 'browser-stub') },
    stderr: 'pipe',
  });
  const authorizations: string[] = [];
  let err = '';
  const failures: Error[] = [];
  (transport.stderr as Readable | null)?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    const m = /Please authorize this client by visiting:\s*\n(\S+)/.exec(err.slice(err.lastIndexOf('Please authorize')));
    if (m && !authorizations.includes(m[1]!)) {
      authorizations.push(m[1]!);
      authorize(m[1]!).catch((e: Error) => failures.push(e));
    }
  });
  const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: 60_000 });
  } catch (e) {
    throw new Error(`mcp-remote did not connect: ${(e as Error).message}\n${failures.map((f) => f.message).join('\n')}\n${err}`, { cause: e });
  }
  return { client, authorizations, stderr: () => err, close: () => client.close() };
}
