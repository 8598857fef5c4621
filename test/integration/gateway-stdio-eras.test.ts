// Issue 13: stdio servers of either era behind the gateway, for clients of either era. A
// server of 2026-07-28 only (test/fixtures/servers/modern.mjs, the v2 server SDK over stdio)
// serves the stateless pool without a handshake, and a 2025 session's client through
// Gatehouse speaking for it (initialize from server/discover, input requests asked as
// elicitation).
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYTHING, FIXTURES, makeHome, type TestHome } from './guard-harness';
import { startServe, type Serving } from './serve-harness';

let home: TestHome;
let serve: Serving;
let key: { id: string; secret: string };
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  home = makeHome([
    { name: 'modern', command: process.execPath, args: [join(FIXTURES, 'modern.mjs')] },
    { name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] },
  ]);
  for (const s of ['modern', 'everything']) home.core.exposure.set(s, { exposed: true, acceptApiKeys: true });
  key = home.newKey('stdio eras', [
    { effect: 'allow', pattern: 'modern:echo' },
    { effect: 'allow', pattern: 'modern:confirm' },
    { effect: 'allow', pattern: 'everything:trigger-sampling-request' },
    { effect: 'allow', pattern: 'everything:trigger-elicitation-request' },
  ]);
  serve = await startServe(home);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await serve?.stop();
  home?.close();
});

const url = (server: string) => new URL(`${serve.gatewayBase}${server}`);
const auth = () => ({ requestInit: { headers: { Authorization: `Bearer ${key.secret}` } } });

describe('gateway: stdio servers of 2026-07-28 only', () => {
  it('serves a stateless 2026-07-28 client from the pool with no handshake: list filtered, call answered, denied call refused', async () => {
    const c = new Client({ name: 'v2-stateless', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await c.connect(new StreamableHTTPClientTransport(url('modern'), auth()));
    clients.push(c);
    expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['confirm', 'echo']);
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: {} })).content)).toContain('ran echo');
    await expect(c.callTool({ name: 'secret', arguments: {} })).rejects.toThrow(/no rule allows tool secret of server modern/);
  });

  it('speaks for a 2025 session client: initialize from server/discover, calls governed, input asked as elicitation', async () => {
    const c = new LegacyClient({ name: 'v1-session', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    const asked: string[] = [];
    c.setRequestHandler(ElicitRequestSchema, (req) => {
      asked.push(req.params.message);
      return { action: 'accept', content: { yes: false } };
    });
    await c.connect(new LegacyHttp(url('modern'), auth()));
    clients.push(c);
    expect(c.getServerVersion()).toMatchObject({ name: 'modern-fixture' });
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: {} })).content)).toContain('ran echo');
    await expect(c.callTool({ name: 'secret', arguments: {} })).rejects.toThrow(/no rule allows tool secret of server modern/);
    expect(JSON.stringify((await c.callTool({ name: 'confirm', arguments: { action: 'ship' } })).content)).toContain('did not ship');
    expect(asked).toEqual(['Really ship?']);
  });
});
