// Issue 11, observation 1, through the HTTP gateway with the official MCP SDK client in
// front of the real server-everything: the same rules as the guard govern resources,
// resource templates, subscriptions, prompts and completions.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src-preload/contract';
import { ENGINES, serveEngines } from './engine-serve';
import { EVERYTHING, makeHome, type TestHome } from './guard-harness';
import { startServe, type Serving } from './serve-harness';

const STATIC = 'demo://resource/static/document/';
const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  let home: TestHome;
  let serve: Serving;
  const clients: Client[] = [];

  beforeAll(async () => {
    home = makeHome([{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }], await engines.databaseUrl(engine));
    home.core.exposure.set('everything', { exposed: true, acceptApiKeys: true });
    serve = await startServe(home);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await serve?.stop();
    home?.close();
  });

  async function clientWith(rules: Rule[]): Promise<Client> {
    const { secret } = home.newKey(`gateway key ${clients.length}`, rules);
    const c = new Client({ name: 'capabilities-test', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(`${serve.gatewayBase}everything`), { requestInit: { headers: { Authorization: `Bearer ${secret}` } } }));
    clients.push(c);
    return c;
  }

  describe('gateway: policy over every capability', () => {
    it('a key allowed only everything:echo reads no resource and gets no prompt, with the lists empty', async () => {
      const c = await clientWith([{ effect: 'allow', pattern: 'everything:echo' }]);
      expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: { message: 'ok' } })).content)).toContain('ok');
      await expect(c.readResource({ uri: `${STATIC}architecture.md` })).rejects.toThrow(/no rule allows resource demo:\/\/resource\/static\/document\/architecture\.md/);
      await expect(c.getPrompt({ name: 'simple-prompt' })).rejects.toThrow(/no rule allows prompt simple-prompt/);
      await expect(c.subscribeResource({ uri: `${STATIC}architecture.md` })).rejects.toThrow(/no rule allows resource/);
      await expect(c.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } })).rejects.toThrow(/no rule allows prompt/);
      expect((await c.listResources()).resources).toEqual([]);
      expect((await c.listResourceTemplates()).resourceTemplates).toEqual([]);
      expect((await c.listPrompts()).prompts).toEqual([]);
    });

    it('serves what resource and prompt rules allow, and nothing past them', async () => {
      const c = await clientWith([
        { effect: 'allow', pattern: `everything:resource:${STATIC}*` },
        { effect: 'deny', pattern: `everything:resource:${STATIC}structure.md` },
        { effect: 'allow', pattern: 'everything:prompt:*-prompt' },
        { effect: 'deny', pattern: 'everything:prompt:resource-prompt' },
      ]);
      const uris = (await c.listResources()).resources.map((r) => r.uri);
      expect(uris.length).toBeGreaterThan(3);
      expect(uris).not.toContain(`${STATIC}structure.md`);
      expect((await c.readResource({ uri: `${STATIC}features.md` })).contents[0]!.uri).toBe(`${STATIC}features.md`);
      await expect(c.readResource({ uri: `${STATIC}structure.md` })).rejects.toThrow(/denied by the rule everything:resource:demo/);
      expect((await c.listPrompts()).prompts.map((p) => p.name).sort()).toEqual(['args-prompt', 'completable-prompt', 'simple-prompt']);
      expect((await c.getPrompt({ name: 'simple-prompt' })).messages.length).toBeGreaterThan(0);
      await expect(c.getPrompt({ name: 'resource-prompt', arguments: { resourceType: 'Text', resourceId: '1' } })).rejects.toThrow(/denied by the rule/);
      // No tool rule: a key for resources and prompts calls no tool and lists none.
      expect((await c.listTools()).tools).toEqual([]);
      await expect(c.callTool({ name: 'echo', arguments: { message: 'x' } })).rejects.toThrow(/no rule allows tool echo/);
    });
  });
});
