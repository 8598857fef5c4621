// The gateway's checks of a 2026-07-28 request's headers against its body: which era a
// session-less POST is, and each refusal naming the header and the fix.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src-main/core/mcp/jsonrpc';
import { headerRefusal, isStateless } from '../../src-main/http/gateway/stateless';

const V = 'io.modelcontextprotocol/protocolVersion';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const call = (name: string, version = '2026-07-28'): Message => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, _meta: { [V]: version } } });

describe('stateless requests at the gateway', () => {
  it('is stateless by the MCP-Protocol-Version header or by _meta, and not for a 2025 request', () => {
    expect(isStateless(req({ 'mcp-protocol-version': '2026-07-28' }), { jsonrpc: '2.0', id: 1, method: 'tools/list' })).toBe(true);
    expect(isStateless(req({}), call('echo'))).toBe(true);
    expect(isStateless(req({ 'mcp-protocol-version': '2025-11-25' }), { jsonrpc: '2.0', id: 1, method: 'tools/list' })).toBe(false);
  });

  it('accepts headers that agree with the body, the base64 form of Mcp-Name included', () => {
    expect(headerRefusal(req({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }), call('echo'))).toBeNull();
    const odd = 'héllo';
    expect(headerRefusal(req({ 'mcp-method': 'tools/call', 'mcp-name': `=?base64?${Buffer.from(odd).toString('base64')}?=` }), call(odd))).toBeNull();
    const read: Message = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'file:///a' } };
    expect(headerRefusal(req({ 'mcp-method': 'resources/read', 'mcp-name': 'file:///a' }), read)).toBeNull();
  });

  it('refuses each disagreement with -32020 and a message that names the header and the fix', () => {
    const cases: [Record<string, string>, Message, RegExp][] = [
      [{}, call('echo'), /Mcp-Method header is required; send Mcp-Method: tools\/call/],
      [{ 'mcp-method': 'tools/list' }, call('echo'), /Mcp-Method header \(tools\/list\) does not match the body's method \(tools\/call\)/],
      [{ 'mcp-method': 'tools/call' }, call('echo'), /Mcp-Name header is required for tools\/call; send Mcp-Name with params.name/],
      [{ 'mcp-method': 'tools/call', 'mcp-name': 'other' }, call('echo'), /Mcp-Name header does not match params.name; send Mcp-Name: echo/],
      [{ 'mcp-method': 'tools/call', 'mcp-name': 'echo', 'mcp-protocol-version': '2026-07-28' }, call('echo', '2027-01-01'), /MCP-Protocol-Version header \(2026-07-28\) does not match _meta's protocol version \(2027-01-01\)/],
    ];
    for (const [headers, msg, message] of cases) {
      const r = headerRefusal(req(headers), msg);
      expect(r).toMatchObject({ status: 400, code: -32020, data: { reason: 'header_mismatch' } });
      expect(r!.message).toMatch(message);
    }
  });
});
