// Both protocol eras through one guard, with the official v2 client (dual-era: it speaks
// the stateless 2026-07-28 protocol and falls back to initialize for older servers):
// against a 2026-07-28-only server built on the v2 server SDK, the classifier places the
// modern requests (their version is in _meta) and the rules govern tools, resources and
// prompts as in the session era; against server-everything the same client falls back.
// A 2025 client's 2025 server hears the client's initialize first and no server/discover.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as LegacyStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { EVERYTHING, FIXTURES, GATEHOUSE, makeHome, type TestHome } from './guard-harness';

let home: TestHome;
const clients: { close(): Promise<void> }[] = [];
const heardDir = tmpDir('gatehouse-heard-');
const HEARD = join(heardDir.dir, 'heard.jsonl');

beforeAll(() => {
  home = makeHome([
    { name: 'modern', command: process.execPath, args: [join(FIXTURES, 'modern.mjs')] },
    { name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] },
    { name: 'heard', command: process.execPath, args: [join(FIXTURES, 'echo.mjs')], env: { HEARD_FILE: HEARD } },
  ]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  home?.close();
  heardDir.cleanup();
});

async function throughGuard(server: string, rules: { effect: 'allow' | 'deny'; pattern: string }[]): Promise<Client> {
  const { secret } = home.newKey(`v2 ${server}`, rules);
  const client = new Client({ name: 'guard-v2-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', server], env: home.env(secret), stderr: 'pipe' }));
  clients.push(client);
  return client;
}

describe('guard: both protocol eras with the v2 client', () => {
  it('governs a 2026-07-28 server: lists filtered, denied calls, reads and gets refused, allowed ones served', async () => {
    const c = await throughGuard('modern', [
      { effect: 'allow', pattern: 'modern:echo' },
      { effect: 'allow', pattern: 'modern:resource:public://*' },
      { effect: 'allow', pattern: 'modern:prompt:greet' },
    ]);
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: {} })).content)).toContain('ran echo');
    await expect(c.callTool({ name: 'secret', arguments: {} })).rejects.toThrow(/no rule allows tool secret of server modern/);
    expect((await c.listResources()).resources.map((r) => r.uri)).toEqual(['public://a']);
    expect((await c.readResource({ uri: 'public://a' })).contents[0]).toMatchObject({ text: 'contents of public://a' });
    await expect(c.readResource({ uri: 'secret://x' })).rejects.toThrow(/no rule allows resource secret:\/\/x/);
    expect((await c.listPrompts()).prompts.map((p) => p.name)).toEqual(['greet']);
    expect((await c.getPrompt({ name: 'greet' })).messages).toHaveLength(1);
    await expect(c.getPrompt({ name: 'secret' })).rejects.toThrow(/no rule allows prompt secret/);
  });

  it('lets the same client fall back to initialize with a server of the session era', async () => {
    const c = await throughGuard('everything', [{ effect: 'allow', pattern: 'everything:echo' }]);
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: { message: 'legacy' } })).content)).toContain('legacy');
    await expect(c.readResource({ uri: 'demo://resource/static/document/architecture.md' })).rejects.toThrow(/no rule allows resource/);
  });

  it('speaks for a 2025 client (SDK 1.x) in front of a server of 2026-07-28 only: initialize from server/discover, calls governed, input asked as elicitation', async () => {
    const { secret } = home.newKey('v1 modern', [
      { effect: 'allow', pattern: 'modern:echo' },
      { effect: 'allow', pattern: 'modern:confirm' },
    ]);
    const c = new LegacyClient({ name: 'guard-v1-test', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    const asked: string[] = [];
    c.setRequestHandler(ElicitRequestSchema, (req) => {
      asked.push(req.params.message);
      return { action: 'accept', content: { yes: true } };
    });
    await c.connect(new LegacyStdio({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', 'modern'], env: home.env(secret), stderr: 'pipe' }));
    clients.push(c);
    expect(c.getServerVersion()).toMatchObject({ name: 'modern-fixture' });
    expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['confirm', 'echo']);
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: {} })).content)).toContain('ran echo');
    await expect(c.callTool({ name: 'secret', arguments: {} })).rejects.toThrow(/no rule allows tool secret of server modern/);
    expect(JSON.stringify((await c.callTool({ name: 'confirm', arguments: { action: 'deploy' } })).content)).toContain('did deploy');
    expect(asked).toEqual(['Really deploy?']);
    await c.ping();
  });

  it('tells a 2025 client of a 2026-07-28 server that its tools changed (a subscriptions/listen stream kept for it)', async () => {
    const { secret } = home.newKey('v1 modern listen', [{ effect: 'allow', pattern: 'modern:grow' }]);
    const c = new LegacyClient({ name: 'guard-v1-listen', version: '1.0.0' });
    let changed: () => void = () => undefined;
    const heard = new Promise<void>((r) => (changed = r));
    c.setNotificationHandler(ToolListChangedNotificationSchema, () => changed());
    await c.connect(new LegacyStdio({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', 'modern'], env: home.env(secret), stderr: 'pipe' }));
    clients.push(c);
    expect(c.getServerCapabilities()).toMatchObject({ tools: { listChanged: true } });
    expect(JSON.stringify((await c.callTool({ name: 'grow', arguments: {} })).content)).toContain('grew');
    await heard;
  });

  it('gives a 2025 server the 2025 client initialize first, as the client sent it, and never server/discover', async () => {
    const { secret } = home.newKey('v1 heard', [{ effect: 'allow', pattern: 'heard:echo' }]);
    const c = new LegacyClient({ name: 'guard-v1-heard', version: '1.0.0' });
    await c.connect(new LegacyStdio({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', 'heard'], env: home.env(secret), stderr: 'pipe' }));
    clients.push(c);
    expect(c.getServerVersion()).toMatchObject({ name: 'echo-fixture' });
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: { message: 'legacy' } })).content)).toContain('legacy');
    const heard = readFileSync(HEARD, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method?: string; params?: { clientInfo?: unknown } });
    expect(heard[0]).toMatchObject({ method: 'initialize', params: { clientInfo: { name: 'guard-v1-heard' } } });
    expect(heard.map((m) => m.method)).not.toContain('server/discover');
    expect(heard.map((m) => m.method)).toContain('tools/call');
  });
});
