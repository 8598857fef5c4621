// The clients people use, signing in to a real `gatehouse serve` through its gateway with
// the consent clicked in Chromium: mcp-remote (what Claude Desktop users run for remote
// servers) at a `localhost` URL, across a restart and a revocation, and the Python SDK's
// own OAuth client (a venv made by the test).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClientSummary } from '../../src-preload/contract-oauth';
import { tmpDir } from '../helpers/core';
import { connectMcpRemote } from '../helpers/mcp-remote';
import { PYTHON_FIXTURES, pythonVenv } from '../helpers/python-venv';
import { startConsentBrowser, type ConsentBrowser } from './consent-browser';
import { adminApi, type Serve } from './oauth-harness';

let signedIn: ConsentBrowser;
let serve: Serve;
let cookie: string;
const allow = (url: string) => signedIn.allow(url);

beforeAll(async () => {
  signedIn = await startConsentBrowser();
  ({ serve, cookie } = signedIn);
  await serve.cli(['servers', 'expose', 'everything']);
});
afterAll(() => signedIn?.stop());

describe('mcp-remote through the gateway', () => {
  it('signs in at a localhost URL, reuses its tokens after a restart, and must sign in again once the admin revokes', async () => {
    const url = `http://localhost:${new URL(serve.issuer).port}/mcp/everything`;
    const config = tmpDir('gatehouse-mcp-remote-');
    try {
      const first = await connectMcpRemote(url, config.dir, allow);
      expect(first.authorizations).toHaveLength(1);
      expect(new URL(first.authorizations[0]!).searchParams.get('resource')).toBe(url);
      expect((await first.client.listTools()).tools.map((t) => t.name)).toContain('echo');
      expect(JSON.stringify((await first.client.callTool({ name: 'echo', arguments: { message: 'first run' } })).content)).toContain('first run');
      await first.close();

      const restarted = await connectMcpRemote(url, config.dir, allow);
      expect(restarted.authorizations).toEqual([]); // the stored tokens were enough
      expect(JSON.stringify((await restarted.client.callTool({ name: 'echo', arguments: { message: 'after restart' } })).content)).toContain('after restart');
      await restarted.close();

      const { clients } = await adminApi<{ clients: OAuthClientSummary[] }>(serve, cookie, 'oauth.clients.list', {});
      const app = clients.find((c) => c.method === 'dcr')!;
      const revoked = await adminApi<{ revoked: number }>(serve, cookie, 'oauth.grants.revokeAll', { clientId: app.clientId });
      expect(revoked.revoked).toBeGreaterThan(0);

      const again = await connectMcpRemote(url, config.dir, allow);
      expect(again.authorizations).toHaveLength(1); // its tokens no longer work: a new sign-in
      expect(JSON.stringify((await again.client.callTool({ name: 'echo', arguments: { message: 'signed in again' } })).content)).toContain('signed in again');
      await again.close();
    } finally {
      config.cleanup();
    }
  });
});

describe('the Python SDK client through the gateway', () => {
  it('signs in with its OAuthClientProvider and calls a tool', async () => {
    const python = await pythonVenv();
    const client = spawn(python, [join(PYTHON_FIXTURES, 'oauth_client.py'), serve.resource(), 'echo', JSON.stringify({ message: 'from Python' })], { stdio: ['ignore', 'pipe', 'pipe'] });
    signedIn.procs.push(client);
    let err = '';
    let out = '';
    client.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      client.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n')) {
          const o = JSON.parse(out.slice(0, i)) as Record<string, unknown>;
          out = out.slice(i + 1);
          if (typeof o.authorize === 'string') allow(o.authorize).catch(reject);
          else resolve(o);
        }
      });
      client.once('exit', (code) => code !== 0 && reject(new Error(`oauth_client.py exited ${code}: ${err}`)));
    });
    expect(result.tools).toEqual(expect.arrayContaining(['echo']));
    expect(result.result).toEqual(['from Python']);
  }, 600_000);
});
