// The gateway's check of OAuth access tokens issued by Gatehouse's own AS.
import type { OAuthEngine } from '../../core/oauth/engine';
import type { BearerVerifier } from './bearer';

export function oauthBearer(engine: OAuthEngine): BearerVerifier {
  return async (token, resource) => {
    const r = await engine.tokens.accessToken(token, resource);
    if (r === null) return null;
    if (!r.ok) return { ok: false, status: 401, error: 'invalid_token', description: r.description };
    return {
      ok: true,
      scopes: r.scopes,
      principal: { type: 'oauth_client', id: r.clientId, name: r.clientName, rules: r.rules, rateLimit: r.rateLimit },
    };
  };
}
