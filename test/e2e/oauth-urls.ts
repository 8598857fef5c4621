// An authorization request (code + PKCE S256, scope mcp:everything) for the `everything`
// server, as a browser tab opens it; the verifier is thrown away: these tests stop at consent.
// And the client that asks: registered through DCR, as an app registers itself.
import { createHash, randomBytes } from 'node:crypto';

export function authorizeUrl(issuer: string, opts: { clientId: string; redirectUri: string; state: string }): string {
  const authorize = new URL(`${issuer}/oauth/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: opts.clientId,
    redirect_uri: opts.redirectUri,
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
    scope: 'mcp:everything',
    resource: `${issuer}/mcp/everything`,
    state: opts.state,
  }).toString();
  return authorize.href;
}

/** Registers a client through DCR (by default a public one for the code flow); `extra` adds or overrides metadata. */
export async function registerClient<T extends { client_id: string } = { client_id: string }>(
  issuer: string,
  name: string,
  redirectUri: string,
  extra: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`${issuer}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: name, redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none', ...extra }),
  });
  if (res.status !== 201) throw new Error(`DCR of ${name}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
