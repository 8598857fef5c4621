// An MCP initialize POSTed to a gateway URL with a bearer token (or none), for the tests
// that check which tokens the gateway accepts.
export const DEADLINE_MS = 10_000;

/** POSTs an MCP initialize with this bearer token; returns status, challenge and body. */
export async function initialize(url: string, token: string | null, query = '') {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${query}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  const text = await res.text();
  return { status: res.status, challenge: res.headers.get('www-authenticate') ?? '', text };
}
