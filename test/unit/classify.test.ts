// The classifier alone: every message is exactly one of request, notification, response,
// refused or dropped; only exact MCP methods of the message's era are requests; judged
// names are read so that no second spelling can hide behind them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyClient, type Exchange } from '../../src-main/core/mcp/classify';
import { idKey } from '../../src-main/core/mcp/jsonrpc';
import { CLIENT_NOTIFICATIONS, CLIENT_REQUESTS } from '../../src-main/core/mcp/methods';
import { parseClientBytes, repeatedKey } from '../../src-main/core/mcp/wire';

const none: Exchange = { clientPending: () => false, serverPending: () => false };
const pending = (client: unknown[], server: unknown[] = []): Exchange => ({
  clientPending: (k) => client.some((id) => idKey(id as string) === k),
  serverPending: (k) => server.some((id) => idKey(id as string) === k),
});
const modern = { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } };

describe('classifier', () => {
  it('places a request by its exact method and names what it uses', () => {
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' } }, none)).toMatchObject({
      type: 'request',
      era: 'legacy',
      uses: [{ kind: 'tool', name: 'echo' }],
    });
    expect(classifyClient({ jsonrpc: '2.0', id: 'a', method: 'resources/read', params: { uri: 'file:///x' } }, none)).toMatchObject({ uses: [{ kind: 'resource', name: 'file:///x' }] });
    expect(classifyClient({ jsonrpc: '2.0', id: 2, method: 'completion/complete', params: { ref: { type: 'ref/resource', uri: 'db://{t}' } } }, none)).toMatchObject({
      uses: [{ kind: 'resource', name: 'db://{t}' }],
    });
    expect(classifyClient({ jsonrpc: '2.0', id: 3, method: 'subscriptions/listen', params: { ...modern, notifications: { resourceSubscriptions: ['a://1', 'b://2'], toolsListChanged: true } } }, none)).toMatchObject({
      era: 'modern',
      uses: [{ kind: 'resource', name: 'a://1' }, { kind: 'resource', name: 'b://2' }],
    });
  });

  it('knows which methods belong to which era', () => {
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'initialize', params: modern }, none)).toMatchObject({ type: 'refused', code: -32601, reason: 'wrong_era' });
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: {} }, none)).toMatchObject({ type: 'refused', reason: 'wrong_era' });
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: modern }, none)).toMatchObject({ type: 'request', era: 'modern' });
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'resources/subscribe', params: { ...modern, uri: 'a://b' } }, none)).toMatchObject({ reason: 'wrong_era' });
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: modern }, none)).toMatchObject({ type: 'request', era: 'modern' });
  });

  it('refuses a pending id, and passes a response only to a pending server request', () => {
    expect(classifyClient({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, pending([5]))).toMatchObject({ type: 'refused', reason: 'duplicate_id', id: 5 });
    expect(classifyClient({ jsonrpc: '2.0', id: '5', method: 'tools/list' }, pending([5]))).toMatchObject({ type: 'request' });
    expect(classifyClient({ jsonrpc: '2.0', id: 's1', result: {} }, pending([], ['s1']))).toEqual({ type: 'response', id: 's1' });
    expect(classifyClient({ jsonrpc: '2.0', id: 's2', result: {} }, pending([], ['s1']))).toMatchObject({ type: 'refused', reason: 'unexpected_response', id: null });
    expect(classifyClient({ jsonrpc: '2.0', id: 's1', result: {}, error: { code: 1, message: '' } }, pending([], ['s1']))).toMatchObject({ type: 'refused' });
  });

  it('drops notifications MCP does not define, and requests sent as notifications', () => {
    for (const method of CLIENT_NOTIFICATIONS) expect(classifyClient({ jsonrpc: '2.0', method }, none)).toMatchObject({ type: 'notification', method });
    expect(classifyClient({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'x' } }, none)).toEqual({ type: 'dropped', method: 'tools/call', reason: 'unknown_notification' });
    expect(classifyClient({ jsonrpc: '2.0', method: 'notifications/Cancelled' }, none)).toMatchObject({ type: 'dropped' });
  });

  it('reads a judged member only when no other spelling of it stands beside it', () => {
    for (const params of [{ name: 'echo', Name: 'secret' }, { NAME: 'secret' }, { 'name\u0000': 'secret', name: 'echo' }, { name: ['secret'] }]) {
      expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'tools/call', params }, none)).toMatchObject({ type: 'refused', code: -32602 });
    }
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: ['secret'] }, none)).toMatchObject({ type: 'refused', code: -32602 });
    expect(classifyClient({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo' }, Method: 'x' }, none)).toMatchObject({ type: 'refused', reason: 'invalid_request' });
  });

  it('property: every message is placed once, and only an exact MCP method with a proper id becomes a request', () => {
    const methods = [...CLIENT_REQUESTS.keys(), ...CLIENT_NOTIFICATIONS];
    const method = fc.oneof(fc.constantFrom(...methods), fc.constantFrom(...methods).map((m) => m.toUpperCase()), fc.string(), fc.anything());
    const message = fc.record({ jsonrpc: fc.oneof(fc.constant('2.0'), fc.anything()), id: fc.anything(), method, params: fc.anything(), result: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(message, fc.anything()), (msg) => {
        const c = classifyClient(msg, none);
        expect(['request', 'notification', 'response', 'refused', 'dropped']).toContain(c.type);
        const m = msg as Record<string, unknown>;
        if (c.type === 'request') {
          expect(CLIENT_REQUESTS.has(m.method as string)).toBe(true);
          expect(typeof m.id === 'string' || Number.isSafeInteger(m.id)).toBe(true);
          expect(m.jsonrpc).toBe('2.0');
          expect('result' in m || 'error' in m).toBe(false);
        }
        if (c.type === 'notification') expect(CLIENT_NOTIFICATIONS.has(m.method as string)).toBe(true);
        // Nothing is pending here, so no response can pass.
        expect(c.type).not.toBe('response');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('wire', () => {
  it('finds a repeated member at the depths the classifier reads, escapes decoded', () => {
    expect(repeatedKey('{"a":1,"a":2}')).toBe('a');
    expect(repeatedKey('{"params":{"name":"x","na\\u006de":"y"}}')).toBe('name');
    expect(repeatedKey('{"params":{"ref":{"type":1,"type":2}}}')).toBe('type');
    expect(repeatedKey('{"a":"\\"a\\":","b":["a","a"],"c":{"x":"a"}}')).toBeNull();
    // Deep inside arguments a repeated name is the tool's business, not the classifier's.
    expect(repeatedKey('{"params":{"arguments":{"x":{"y":1,"y":2}}}}')).toBeNull();
  });

  it('property: agrees with JSON.parse on every object without repeats', () => {
    fc.assert(
      fc.property(fc.object({ maxDepth: 3 }), (o) => {
        expect(repeatedKey(JSON.stringify(o))).toBeNull();
      }),
    );
  });

  it('refuses bytes that are not UTF-8 or not JSON, naming the problem', () => {
    expect(parseClientBytes(Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false, code: -32700, message: expect.stringMatching(/UTF-8/) });
    expect(parseClientBytes('{nope')).toMatchObject({ ok: false, code: -32700 });
    expect(parseClientBytes('{"jsonrpc":"2.0","id":4,"id":5,"method":"x"}')).toMatchObject({ ok: false, reason: 'repeated_key', id: null });
  });
});

describe('wire, under load', () => {
  it('finds a repeat among many members without quadratic cost', () => {
    const members = Array.from({ length: 200_000 }, (_, i) => `"k${i}":1`);
    expect(repeatedKey(`{"params":{${members.join(',')}}}`)).toBeNull();
    expect(repeatedKey(`{"params":{${members.join(',')},"k7":2}}`)).toBe('k7');
  });
});
