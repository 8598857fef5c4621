// Everything the long-running processes (the desktop app and `gatehouse serve`) run
// on top of the core: one HTTP server on loopback with the admin UI and API, the OAuth
// AS and the MCP gateway; audit retention; and the watch on protected client configs.
import type { AdminApi } from '../api';
import type { Core } from '../core';
import { createClientService, watchDrift } from '../core/clients';
import { startMaintenance } from '../core/maintenance';
import { createGateway, GATEWAY_PREFIX, RESOURCE_METADATA_PREFIX } from './gateway';
import { oauthBearer } from './gateway/oauth-bearer';
import { mountOAuth } from './oauth';
import { createHttpServer, type GatehouseHttpServer } from './server';
import { UPSTREAM_CALLBACK_PATH } from '../core/servers/upstream-oauth';
import { upstreamCallbackHandler } from './upstream-callback';

export interface ServicesOptions {
  core: Core;
  api: AdminApi;
  staticDir: string;
  host: string;
  port: number;
  log: (line: string) => void;
}

export interface Services {
  http: GatehouseHttpServer;
  issuer: string;
  gatewayBase: string;
  close(): Promise<void>;
}

export async function startServices(opts: ServicesOptions): Promise<Services> {
  const { core, log } = opts;
  const http = await createHttpServer({ api: opts.api, staticDir: opts.staticDir, host: opts.host, port: opts.port, log });
  const issuer = http.url;
  const gatewayBase = `${issuer}${GATEWAY_PREFIX}`;
  const oauth = mountOAuth(http, core, gatewayBase);
  const gateway = createGateway({ core, issuer: () => issuer, verifiers: [oauthBearer(oauth)] });
  http.mount(GATEWAY_PREFIX, gateway.handler, { crossOrigin: 'allow' });
  http.mount(`${RESOURCE_METADATA_PREFIX}mcp/`, gateway.metadata, { crossOrigin: 'allow' });
  http.mount(UPSTREAM_CALLBACK_PATH, upstreamCallbackHandler(core, log), { crossOrigin: 'allow' });
  core.runtime.issuer = issuer;
  core.runtime.gatewayBase = gatewayBase;

  const maintenance = startMaintenance(core, log);
  const clients = createClientService(core);
  let drift: ReturnType<typeof watchDrift> | null = null;
  try {
    drift = watchDrift(clients, core.servers, (events) => {
      for (const e of events) {
        core.audit.record({
          action: 'client.drift',
          reason: `${e.servers.map((s) => s.name).join(', ')} changed or removed by another program`,
          detail: { client: e.client, path: e.path },
        });
      }
    });
    drift.check();
  } catch (e) {
    log(`cannot watch client configs: ${(e as Error).message}`);
  }

  return {
    http,
    issuer,
    gatewayBase,
    async close() {
      drift?.close();
      maintenance.stop();
      gateway.close();
      core.runtime.issuer = null;
      core.runtime.gatewayBase = null;
      await http.close();
    },
  };
}
