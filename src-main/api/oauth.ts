// Admin API handlers for the OAuth AS: thin, validated input in, core out.
import { changesOf } from '../core/audit/changes';
import type { Core } from '../core';
import { oauthStoreOf } from '../core/oauth';
import type { Handlers, MethodsOf } from '.';

/** The authorization server's methods; its resource servers have their own file (./resource-servers). */
type OAuthMethods = Exclude<MethodsOf<'oauth'>, MethodsOf<'oauth.resourceServers'>>;

export function oauthHandlers(core: Core): Handlers<OAuthMethods> {
  const store = () => oauthStoreOf(core);
  return {
    'oauth.clients.list': (q) => store().listClients(q),
    'oauth.clients.get': ({ clientId }) => ({
      ...store().summary(clientId),
      grants: store().grants.list({ clientId }).grants,
    }),
    'oauth.clients.create': (input) => store().createClient(input),
    'oauth.clients.update': ({ clientId, ...patch }, ctx) => store().updateClient(clientId, patch, ctx.actor),
    'oauth.clients.rotateSecret': async ({ clientId }) => {
      const clientSecret = await store().clients.rotateSecret(clientId);
      return { client: store().summary(clientId), clientSecret };
    },
    'oauth.clients.revoke': ({ clientId }, ctx) => store().updateClient(clientId, { disabled: true }, ctx.actor),
    'oauth.clients.delete': ({ clientId }, ctx) => {
      const { revoked } = store().grants.revokeAll(clientId, ctx.actor);
      store().clients.delete(clientId);
      return { deleted: clientId, grantsRevoked: revoked };
    },
    'oauth.grants.list': (q) => store().grants.list(q),
    'oauth.grants.revoke': ({ grantId }, ctx) => store().grants.revoke(grantId, ctx.actor),
    'oauth.grants.revokeAll': ({ clientId }, ctx) => store().grants.revokeAll(clientId, ctx.actor),
    'oauth.consents.pending': () => store().grants.pending(),
    // Recorded (and audited) here; the waiting consent page in the user's browser finishes it.
    'oauth.consents.approve': ({ uid }, ctx) => store().decisions.decide(uid, 'allow', ctx.actor),
    'oauth.consents.deny': ({ uid }, ctx) => store().decisions.decide(uid, 'deny', ctx.actor),
    'oauth.settings.get': () => store().view(),
    'oauth.settings.update': (patch) => {
      const before: Record<string, unknown> = { ...store().view() };
      store().settings.update(patch);
      core.audit.record({ action: 'oauth.settings.update', detail: { changes: changesOf(before, patch) } });
      return store().view();
    },
    'oauth.keys.rotate': () => {
      store().keys.rotate();
      core.audit.record({ action: 'oauth.keys.rotate' });
      return store().view();
    },
    'oauth.registrationToken.rotate': () => {
      const token = store().settings.rotateRegistrationToken();
      core.audit.record({ action: 'oauth.registration_token.rotate' });
      return { token };
    },
  };
}
