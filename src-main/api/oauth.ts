// Admin API handlers for the OAuth AS: thin, validated input in, core out.
import type { Core } from '../core';
import { oauthStoreOf } from '../core/oauth';
import type { Handlers } from '.';

type OAuthMethods =
  | 'oauth.clients.list'
  | 'oauth.clients.get'
  | 'oauth.clients.create'
  | 'oauth.clients.update'
  | 'oauth.clients.rotateSecret'
  | 'oauth.clients.revoke'
  | 'oauth.clients.delete'
  | 'oauth.grants.list'
  | 'oauth.grants.revoke'
  | 'oauth.grants.revokeAll'
  | 'oauth.consents.pending'
  | 'oauth.consents.approve'
  | 'oauth.consents.deny'
  | 'oauth.settings.get'
  | 'oauth.settings.update'
  | 'oauth.keys.rotate'
  | 'oauth.registrationToken.rotate';

export function oauthHandlers(core: Core): Handlers<OAuthMethods> {
  const store = () => oauthStoreOf(core);
  const summary = (clientId: string) => store().clients.get(clientId, store().grants.countOf(clientId));
  return {
    'oauth.clients.list': (q) => store().clients.list(q),
    'oauth.clients.get': ({ clientId }) => ({
      ...summary(clientId),
      grants: store().grants.list({ clientId }).grants,
    }),
    'oauth.clients.create': (input) => store().clients.create(input),
    'oauth.clients.update': async ({ clientId, ...patch }) => {
      await store().clients.update(clientId, patch);
      return summary(clientId);
    },
    'oauth.clients.rotateSecret': async ({ clientId }) => {
      const clientSecret = await store().clients.rotateSecret(clientId);
      return { client: summary(clientId), clientSecret };
    },
    'oauth.clients.revoke': async ({ clientId }) => {
      await store().clients.update(clientId, { disabled: true });
      store().grants.revokeAll(clientId);
      return summary(clientId);
    },
    'oauth.clients.delete': ({ clientId }) => {
      const grantsRevoked = store().grants.revokeAll(clientId);
      store().clients.delete(clientId);
      return { deleted: clientId, grantsRevoked };
    },
    'oauth.grants.list': (q) => store().grants.list(q),
    'oauth.grants.revoke': ({ grantId }) => ({ revoked: store().grants.revoke(grantId) }),
    'oauth.grants.revokeAll': ({ clientId }) => ({ revoked: store().grants.revokeAll(clientId) }),
    'oauth.consents.pending': () => store().grants.pending(),
    // Recorded (and audited) here; the waiting consent page in the user's browser finishes it.
    'oauth.consents.approve': ({ uid }, ctx) => store().decisions.decide(uid, 'allow', ctx.actor),
    'oauth.consents.deny': ({ uid }, ctx) => store().decisions.decide(uid, 'deny', ctx.actor),
    'oauth.settings.get': () => store().view(),
    'oauth.settings.update': (patch) => {
      store().settings.update(patch);
      core.audit.record({ action: 'oauth.settings.update', detail: { fields: Object.keys(patch) } });
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
