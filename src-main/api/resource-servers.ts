// Admin API handlers for self-hosted resource servers: thin, validated input in, core out.
import type { Core } from '../core';
import { oauthStoreOf } from '../core/oauth';
import type { Handlers, MethodsOf } from '.';

type ResourceServerMethods = MethodsOf<'oauth.resourceServers'>;

export function resourceServersHandlers(core: Core): Handlers<ResourceServerMethods> {
  const rs = () => oauthStoreOf(core).resourceServers;
  return {
    'oauth.resourceServers.list': () => rs().list(),
    'oauth.resourceServers.add': (input) => rs().add(input),
    'oauth.resourceServers.remove': ({ name }) => {
      rs().remove(name);
      return { removed: name };
    },
    'oauth.resourceServers.rotateSecret': ({ name }) => rs().rotateSecret(name),
  };
}
