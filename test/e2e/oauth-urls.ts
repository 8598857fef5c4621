// An authorization request (code + PKCE S256, scope mcp:everything) for the `everything`
// server, as a browser tab opens it; the verifier is thrown away: these tests stop at consent.
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
