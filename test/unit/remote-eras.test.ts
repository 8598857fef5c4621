// Gatehouse's remote upstream against real servers of each era: a stateless server that
// speaks only 2026-07-28 (@modelcontextprotocol/server 2.x) and a 2025 server with
// sessions (@modelcontextprotocol/sdk 1.x), spoken to by clients of either era.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgetEra } from '../../src-main/core/mcp/remote-probe';
import { fixtureInfo, startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { INIT, scriptedUpstreams, WAIT, type Line } from '../helpers/scripted-upstream';

const { connect } = scriptedUpstreams();

interface Seen {
  httpMethod: string;
  method: string | null;
  id: unknown;
  headers: Record<string, string>;
  meta: Record<string, unknown> | null;
}

let modern: FixtureServer;
let legacy: FixtureServer;
beforeAll(async () => {
  modern = await startFixtureServer('modern-only.mjs');
  legacy = await startFixtureServer('http-echo.mjs');
});
afterAll(async () => {
  await modern.stop();
  await legacy.stop();
});

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'modern-client', version: '3.1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Waits for the answer to `id` among the lines. */
async function answerOf(c: ReturnType<typeof connect>, id: number | string): Promise<Line> {
  await vi.waitFor(() => expect(c.lines().some((l) => l.id === id && !l.method)).toBe(true), WAIT);
  return c.lines().find((l) => l.id === id && !l.method)!;
}

describe('a 2025 client on a server that speaks only 2026-07-28', () => {
  it('gets its initialize answered from server/discover, and its requests reach the server with the envelope and headers', async () => {
    forgetEra(modern.url);
    const c = connect(modern.url);
    c.send({ ...INIT, params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'old-client', version: '1.2' } } });
    const init = await answerOf(c, 0);
    expect(init.result).toMatchObject({ protocolVersion: '2025-06-18', serverInfo: { name: 'modern-only', version: '2.0.0' }, instructions: 'A server of the 2026-07-28 era only.' });
    expect(init.result!.capabilities).toHaveProperty('tools');
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    c.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expect((await answerOf(c, 1)).result).toEqual({});
    c.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const names = ((await answerOf(c, 2)).result!.tools as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(['echo', 'confirm', 'region']); // `broken` breaks the x-mcp-header rules: left out
    c.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hello from 2025' } } });
    expect((await answerOf(c, 3)).result).toMatchObject({ content: [{ type: 'text', text: 'hello from 2025' }] });
    c.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'region', arguments: { region: 'eu-west' } } });
    expect((await answerOf(c, 4)).result).toMatchObject({ content: [{ text: 'in eu-west' }] });

    const seen = await fixtureInfo<Seen[]>(modern.url, '/seen');
    expect(seen.some((s) => s.method === 'initialize' || s.method === 'ping' || s.method === 'notifications/initialized')).toBe(false);
    const call = seen.find((s) => s.method === 'tools/call')!;
    expect(call.headers).toMatchObject({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo', authorization: 'Bearer upstream-secret' });
    expect(call.headers['mcp-session-id']).toBeUndefined();
    expect(call.meta).toMatchObject({ 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'old-client', version: '1.2' } });
    expect(seen.find((s) => s.headers['mcp-name'] === 'region')!.headers['mcp-param-region']).toBe('eu-west');
    expect(c.gone).toEqual([]);
  });

  it('turns an input request into a server request to the 2025 client, and its answer into the retry', async () => {
    const c = connect(modern.url);
    c.send({ ...INIT, params: { protocolVersion: '2025-11-25', capabilities: { elicitation: {} }, clientInfo: { name: 'old-client', version: '1.2' } } });
    await answerOf(c, 0);
    c.send({ jsonrpc: '2.0', id: 'call-7', method: 'tools/call', params: { name: 'confirm', arguments: { action: 'deploy' } } });
    await vi.waitFor(() => expect(c.lines().some((l) => l.method === 'elicitation/create')).toBe(true), WAIT);
    const ask = c.lines().find((l) => l.method === 'elicitation/create')!;
    expect(ask.params).toMatchObject({ message: 'Really deploy?' });
    expect(c.lines().some((l) => l.id === 'call-7')).toBe(false);
    c.send({ jsonrpc: '2.0', id: ask.id, result: { action: 'accept', content: { yes: true } } });
    expect((await answerOf(c, 'call-7')).result).toMatchObject({ content: [{ text: 'did deploy' }] });
  });

  it('fails a call the client declines to give input for with an error naming it', async () => {
    const c = connect(modern.url);
    c.send({ ...INIT, params: { protocolVersion: '2025-11-25', capabilities: { elicitation: {} }, clientInfo: { name: 'old', version: '1' } } });
    await answerOf(c, 0);
    c.send({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'confirm', arguments: { action: 'x' } } });
    await vi.waitFor(() => expect(c.lines().some((l) => l.method === 'elicitation/create')).toBe(true), WAIT);
    const ask = c.lines().find((l) => l.method === 'elicitation/create')!;
    c.send({ jsonrpc: '2.0', id: ask.id, error: { code: -32601, message: 'Method not found' } });
    const err = await answerOf(c, 9);
    expect(err.error!.message).toMatch(/did not give the input the server asked for \(Method not found\)/);
  });
});

describe('a 2026-07-28 client', () => {
  it('is relayed as it is to a 2026-07-28 server: discover, list and call', async () => {
    const c = connect(modern.url);
    c.send({ jsonrpc: '2.0', id: 'd', method: 'server/discover', params: { _meta: ENVELOPE } });
    expect((await answerOf(c, 'd')).result).toMatchObject({ supportedVersions: ['2026-07-28'], resultType: 'complete' });
    c.send({ jsonrpc: '2.0', id: 'e', method: 'tools/call', params: { name: 'echo', arguments: { message: 'modern' }, _meta: ENVELOPE } });
    expect((await answerOf(c, 'e')).result).toMatchObject({ content: [{ text: 'modern' }] });
    c.send({ jsonrpc: '2.0', id: 'f', method: 'tools/call', params: { name: 'confirm', arguments: { action: 'y' }, _meta: { ...ENVELOPE, 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } } } });
    expect((await answerOf(c, 'f')).result).toMatchObject({ resultType: 'input_required', requestState: 'pending:y' }); // its own business
    c.send({ jsonrpc: '2.0', id: 'g', method: 'no/such', params: { _meta: ENVELOPE } });
    expect((await answerOf(c, 'g')).error).toMatchObject({ code: -32601 }); // the server's own JSON-RPC error, not an HTTP one
  });

  it('gets the 2025 handshake done on its behalf by a 2025 server: discover answered from initialize, requests without the envelope', async () => {
    forgetEra(legacy.url);
    const c = connect(legacy.url);
    c.send({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: ENVELOPE } });
    const d = await answerOf(c, 1);
    expect(d.result).toMatchObject({ resultType: 'complete', supportedVersions: ['2026-07-28'], _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'http-echo' } } });
    expect(d.result!.capabilities).toHaveProperty('tools');
    c.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'to 2025' }, _meta: ENVELOPE } });
    expect((await answerOf(c, 2)).result).toMatchObject({ content: [{ text: 'to 2025' }] });
    c.send({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: ENVELOPE } });
    expect(((await answerOf(c, 3)).result!.tools as { name: string }[]).map((t) => t.name)).toContain('count');
    expect(c.lines().filter((l) => typeof l.id === 'string' && l.id.startsWith('gatehouse-'))).toEqual([]);
  });
});

describe('finding the era', () => {
  it('asks a server once per ten minutes: a second session to the same URL sends no probe', async () => {
    forgetEra(modern.url);
    const before = (await fixtureInfo<Seen[]>(modern.url, '/seen')).filter((s) => s.method === 'server/discover').length;
    for (const n of [1, 2]) {
      const c = connect(modern.url);
      c.send({ jsonrpc: '2.0', id: n, method: 'tools/list', params: { _meta: ENVELOPE } });
      await answerOf(c, n);
    }
    const after = (await fixtureInfo<Seen[]>(modern.url, '/seen')).filter((s) => s.method === 'server/discover').length;
    expect(after - before).toBe(1);
  });
});
