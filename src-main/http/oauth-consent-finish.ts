// What a pending authorization request asks for, and the one place an answer to it
// becomes a grant (or access_denied): the Allow/Deny form on the consent page and an
// answer given in the window or the CLI both finish here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionDetails, OidcClient } from 'oidc-provider';
import type { OAuthConsentDecision } from '../../src-preload/contract-oauth';
import type { OAuthEngine } from '../core/oauth/engine';
import { ADMIN_ACCOUNT } from '../core/oauth/provider-config';
import { rulesReach, scopeOf } from '../core/oauth/resources';
import { grantRules } from '../core/servers/exposure';
import { wholeServerPatterns } from '../../src-shared/model/rule-pattern';

export interface ConsentRequest {
  /** The provider instance that served this request's interaction. */
  provider: Provider;
  clientId: string;
  client: OidcClient;
  resources: string[];
  servers: string[];
  scopes: string[];
}

/** The request behind an interaction; a string is the refusal to show instead. */
export async function readConsentRequest(engine: OAuthEngine, provider: Provider, details: InteractionDetails): Promise<ConsentRequest | string> {
  const clientId = String(details.params.client_id ?? '');
  const client = await provider.Client.find(clientId);
  if (!client) return 'The application is no longer registered with Gatehouse.';
  const resources = toList(details.params.resource);
  const servers = resources.map((r) => engine.resources.serverOf(r));
  if (resources.length === 0 || servers.some((s) => s === null)) return 'The request names an MCP server Gatehouse does not know.';
  const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
  return { provider, clientId, client, resources, servers: servers as string[], scopes };
}

/**
 * Finishes the interaction of this browser (its cookie) with the admin's answer and
 * redirects it on. `auditActor` is null when the answer was audited where it was given.
 */
export async function finishConsent(
  engine: OAuthEngine,
  req: IncomingMessage,
  res: ServerResponse,
  r: ConsentRequest,
  decision: OAuthConsentDecision,
  auditActor: string | null,
): Promise<void> {
  const { provider } = r;
  const store = engine.store;
  const audit = (outcome: string) => {
    if (auditActor === null) return;
    store.core.audit.record({ action: 'oauth.consent', actor: auditActor, principalType: 'oauth_client', principalId: r.clientId, decision: outcome, detail: { servers: r.servers } });
  };

  if (decision !== 'allow') {
    audit('denied');
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the Gatehouse admin denied the request' }, { mergeWithLastSubmission: false });
  }
  if (!store.clients.meta(r.clientId)) store.clients.remember(r.clientId, 'dcr', r.client.metadata());
  const remembered = store.grants.rememberedGrant(r.clientId);
  let grant = remembered ? await provider.Grant.find(remembered) : undefined;
  if (!grant || grant.clientId !== r.clientId || grant.accountId !== ADMIN_ACCOUNT) grant = new provider.Grant({ accountId: ADMIN_ACCOUNT, clientId: r.clientId });
  r.resources.forEach((resource, i) => grant.addResourceScope(resource, scopeOf(r.servers[i]!)));
  for (const s of ['openid', 'offline_access']) if (r.scopes.includes(s)) grant.addOIDCScope(s);
  const grantId = await grant.save();
  store.grants.remember(r.clientId, grantId);
  store.clients.grantServers(r.clientId, r.servers, rulesReach, (server) => {
    const exposure = store.core.exposure.get(server);
    return exposure ? grantRules(exposure) : wholeServerPatterns(server).map((pattern) => ({ effect: 'allow' as const, pattern }));
  });
  audit('allowed');
  await provider.interactionFinished(req, res, { login: { accountId: ADMIN_ACCOUNT }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

function toList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}
