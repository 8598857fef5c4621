import type { Core } from '../core';
import type { Handlers, MethodsOf } from '.';

export function systemHandlers(core: Core): Handlers<MethodsOf<'system'>> {
  return {
    'system.status': () => core.status(),
    'system.masterKey.moveToKeychain': (_input, ctx) => {
      const { fileLeft } = core.vault.moveToKeychain();
      core.audit.record({ action: 'master_key.move', actor: ctx.actor, detail: { to: 'keychain', fileLeft: fileLeft !== null } });
      return { status: core.status(), fileLeft };
    },
  };
}
