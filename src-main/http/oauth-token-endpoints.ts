// POST /oauth/introspect and /oauth/revoke: Gatehouse answers these itself, because
// oidc-provider refuses JWT access tokens there and knows nothing of API keys.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OAuthEngine } from '../core/oauth/engine';
import { BodyError, readBody } from './body';
import { sendJson } from './respond';

const BODY_LIMIT = 16 * 1024;

export async function handleTokenEndpoint(req: IncomingMessage, res: ServerResponse, kind: 'introspect' | 'revoke', engine: OAuthEngine): Promise<void> {
  if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', 'use POST', { Allow: 'POST' });
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return oauthError(res, 400, 'invalid_request', 'send the parameters as application/x-www-form-urlencoded');
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(await readBody(req, BODY_LIMIT));
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    return oauthError(res, e.status, 'invalid_request', e.message);
  }
  const creds = clientCredentials(req, form);
  if (!creds) return oauthError(res, 401, 'invalid_client', 'client authentication is required', { 'WWW-Authenticate': 'Basic realm="gatehouse"' });
  // Introspection reveals token contents: confidential clients (resource servers) only.
  const client = await engine.authenticate(creds, kind === 'revoke');
  if (!client) return oauthError(res, 401, 'invalid_client', 'client authentication failed', { 'WWW-Authenticate': 'Basic realm="gatehouse"' });
  const token = form.get('token');
  if (!token || form.getAll('token').length !== 1) return oauthError(res, 400, 'invalid_request', 'give exactly one token parameter');
  const provider = engine.current();
  if (kind === 'introspect') {
    // A self-hosted resource server learns only of tokens meant for it.
    return sendJson(res, 200, engine.store.resourceServers.introspectionFor(client.clientId, await engine.tokens.introspect(provider, token, client.clientId)));
  }
  await engine.tokens.revoke(provider, token, client.clientId);
  res.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Length': '0' }).end();
}

function clientCredentials(req: IncomingMessage, form: URLSearchParams): { clientId: string; clientSecret: string | null } | null {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return null;
    try {
      // RFC 6749 2.3.1: both parts are form-urlencoded before base64.
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return { clientId: dec(decoded.slice(0, i)), clientSecret: dec(decoded.slice(i + 1)) };
    } catch {
      return null;
    }
  }
  const clientId = form.get('client_id');
  if (!clientId) return null;
  return { clientId, clientSecret: form.get('client_secret') };
}

function oauthError(res: ServerResponse, status: number, error: string, description: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error, error_description: description }, headers);
}
