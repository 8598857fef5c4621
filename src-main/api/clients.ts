import type { Core } from '../core';
import { createClientService, type ClientsOptions } from '../core/client-apps';
import { firstRunStatus, listClients } from '../core/client-apps/status';
import type { Handlers } from '.';

type ClientMethods =
  | 'clients.list'
  | 'clients.preview'
  | 'clients.protect'
  | 'clients.previewUnprotect'
  | 'clients.unprotect'
  | 'clients.backups'
  | 'clients.restore'
  | 'clients.pruneBackups'
  | 'clients.reapply'
  | 'clients.repatchKey'
  | 'clients.keyHolders'
  | 'clients.firstRun';

export function clientsHandlers(core: Core, opts: ClientsOptions = {}): Handlers<ClientMethods> {
  const service = createClientService(core, opts);
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
