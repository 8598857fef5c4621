import type { Core } from '../core';
import type { Handlers } from '.';

export function systemHandlers(core: Core): Handlers<'system.status'> {
  return {
    'system.status': () => core.status(),
  };
}
