// The Python SDK's auth documentation, with Gatehouse as the authorization server: a
// Python `mcp` 2.x server with AuthSettings(issuer_url, resource_server_url) and a
// TokenVerifier that introspects with the credentials `gatehouse oauth resources add`
// printed, signed into by the Python SDK's own OAuth client and by mcp-remote, the consent
// clicked in Chromium. A token for another resource is refused by it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { connectMcpRemote } from '../helpers/mcp-remote';
import { PYTHON_FIXTURES, pythonVenv } from '../helpers/python-venv';
import { startConsentBrowser, type ConsentBrowser } from './consent-browser';
import { insecure, type Serve } from './oauth-harness';

let signedIn: ConsentBrowser;
let serve: Serve;
let python: string;
let notes: ChildProcess;
let notesUrl: string;
let rs: { clientId: string; client_secret: string };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Lines a child prints as JSON, one at a time. */
function jsonLines(p: ChildProcess, onLine: (o: Record<string, unknown>) => void): void {
  let buf = '';
  p.stdout!.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line.startsWith('{')) onLine(JSON.parse(line) as Record<string, unknown>);
    }
  });
}

const allow = (url: string) => signedIn.allow(url);

beforeAll(async () => {
  [signedIn, python] = await Promise.all([startConsentBrowser(), pythonVenv()]);
  serve = signedIn.serve;
  const port = await freePort();
  rs = (await serve.cli(['oauth', 'resources', 'add', `http://127.0.0.1:${port}/mcp`, '--name', 'notes'])) as typeof rs;
  notes = spawn(python, [join(PYTHON_FIXTURES, 'notes_server.py')], {
    env: { ...process.env, GATEHOUSE_ISSUER: serve.issuer, NOTES_PORT: String(port), NOTES_CLIENT_ID: rs.clientId, NOTES_CLIENT_SECRET: rs.client_secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  signedIn.procs.push(notes);
  let err = '';
  notes.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  notesUrl = await new Promise<string>((resolve, reject) => {
    jsonLines(notes, (o) => resolve(o.url as string));
    notes.once('exit', (code) => reject(new Error(`notes_server.py exited ${code}: ${err}`)));
  });
}, 600_000);
afterAll(() => signedIn?.stop());

describe('a Python resource server that names Gatehouse as its authorization server', () => {
  it('publishes RFC 9728 metadata naming Gatehouse, and refuses a call without a token', async () => {
    const md = (await (await fetch(`${new URL(notesUrl).origin}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string; authorization_servers: string[] };
    expect(md.resource).toBe(notesUrl);
    expect(md.authorization_servers.map((s) => s.replace(/\/$/, ''))).toEqual([serve.issuer]);
    expect((await fetch(notesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('is signed into by the Python SDK client through Gatehouse, and its tool called', async () => {
    const client = spawn(python, [join(PYTHON_FIXTURES, 'oauth_client.py'), notesUrl, 'add_note', JSON.stringify({ text: 'from the Python SDK' })], { stdio: ['ignore', 'pipe', 'pipe'] });
    signedIn.procs.push(client);
    let err = '';
    client.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      jsonLines(client, (o) => (typeof o.authorize === 'string' ? void allow(o.authorize).catch(reject) : resolve(o)));
      client.once('exit', (code) => code !== 0 && reject(new Error(`oauth_client.py exited ${code}: ${err}`)));
    });
    expect(result.tools).toEqual(['add_note']);
    expect(result.is_error).toBe(false);
    expect(result.result).toEqual([expect.stringMatching(/^noted \(\d\) for /)]);
  });

  it('is signed into by mcp-remote (what Claude Desktop runs) through Gatehouse, and its tool called', async () => {
    const t = tmpDir('gatehouse-mcp-remote-');
    try {
      const c = await connectMcpRemote(notesUrl, t.dir, allow);
      const r = await c.client.callTool({ name: 'add_note', arguments: { text: 'from mcp-remote' } });
      expect(JSON.stringify(r.content)).toMatch(/noted \(\d\) for /);
      await c.close();
    } finally {
      t.cleanup();
    }
  });

  it('refuses a Gatehouse token issued for another resource', async () => {
    const created = (await serve.cli(['oauth', 'clients', 'create', '--name', 'machine', '--grant', 'client_credentials', '--scope', 'mcp:everything'])) as { client_id: string; client_secret: string };
    const res = await oauth.clientCredentialsGrantRequest(serve.as, { client_id: created.client_id }, oauth.ClientSecretBasic(created.client_secret), new URLSearchParams({ scope: 'mcp:everything', resource: serve.resource() }), insecure);
    const token = (await oauth.processClientCredentialsResponse(serve.as, { client_id: created.client_id }, res)).access_token;
    const call = await fetch(notesUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(call.status).toBe(401);
  });
});
