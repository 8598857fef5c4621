import type { Core } from '../core';
import type { Handlers } from '.';

type KeyMethods = 'keys.list' | 'keys.get' | 'keys.create' | 'keys.rotate' | 'keys.revoke' | 'keys.reveal' | 'keys.update' | 'keys.endGrace';

export function keysHandlers(core: Core): Handlers<KeyMethods> {
  return {
    'keys.list': () => core.keys.list(),
    'keys.get': ({ id }) => core.keys.get(id),
    'keys.create': (input) => core.keys.create(input),
    'keys.rotate': ({ id, graceSeconds }) => core.keys.rotate(id, graceSeconds),
    'keys.revoke': ({ id }) => core.keys.revoke(id),
    'keys.reveal': ({ id }, ctx) => core.keys.reveal(id, ctx.actor),
    'keys.update': ({ id, ...patch }) => core.keys.update(id, patch),
    'keys.endGrace': ({ id }) => core.keys.endGrace(id),
  };
}
