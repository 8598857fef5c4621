import type { Core } from '../core';
import { createClientAppService, type ClientAppsOptions } from '../core/client-apps';
import { firstRunStatus, listClients } from '../core/client-apps/status';
import type { Handlers, MethodsOf } from '.';

/** Client apps are `clients.*` in the public API (kept: scripts call these names). */
type ClientAppMethods = MethodsOf<'clients'>;

export function clientAppsHandlers(core: Core, opts: ClientAppsOptions = {}): Handlers<ClientAppMethods> {
  const service = createClientAppService(core, opts);
  const status = () => service.statusDeps();
  return {
    'clients.list': ({ projectDirs }) => listClients(status(), { projectDirs }),
    'clients.preview': (input) => service.preview(input),
    'clients.protect': (input) => service.protect(input),
    'clients.previewUnprotect': (input) => service.previewUnprotect(input),
    'clients.unprotect': (input) => service.unprotect(input),
    'clients.backups': (filter) => service.listBackups(filter),
    'clients.restore': (input) => service.restore(input),
    'clients.pruneBackups': (input) => service.pruneBackups(input),
    'clients.reapply': (filter) => service.reapply(filter),
    'clients.repatchKey': ({ keyId }) => service.repatchKey(keyId),
    'clients.keyHolders': ({ keyId }) => service.keyHolders(keyId),
    'clients.firstRun': () => firstRunStatus({ ...status(), keys: core.keys }),
  };
}
