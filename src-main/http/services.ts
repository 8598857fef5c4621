// Everything the long-running processes (the desktop app and `gatehouse serve`) run
// on top of the core: one HTTP server on loopback with the admin UI and API, the OAuth
// AS and the MCP gateway; audit retention; and the watch on protected client configs.
import type { AdminApi } from '../api';
import type { Core } from '../core';
import { createClientAppService, watchDrift } from '../core/client-apps';
import { OK, failed, Readiness, type ReadinessProbe } from '../core/health';
import type { Logger } from '../core/log';
import { startMaintenance } from '../core/maintenance';
import { storeProbes } from '../core/store-probes';
import { createGateway, GATEWAY_PREFIX, RESOURCE_METADATA_PREFIX } from './gateway';
import type { DrainResult } from './drain';
import { HEALTH_PATH, healthHandler, READY_PATH, readyHandler } from './health';
import type { PublicUrl } from './public-origin';
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
  logger: Logger;
  /** See HttpServerOptions. */
  publicUrl?: PublicUrl;
  trustProxy?: boolean;
  /** The store's readiness probes; default: storeProbes(core), for either engine. */
  storeProbes?: ReadinessProbe[];
  /** Which program serves: the desktop app (answers in its window) or `gatehouse serve` (answers on the admin page). */
  face?: 'desktop' | 'serve';
}

export interface Services {
  http: GatehouseHttpServer;
  issuer: string;
  gatewayBase: string;
  readiness: Readiness;
  /** Stops accepting and waits up to `ms` for the calls in flight (then `close`). */
  drain(ms: number): Promise<DrainResult>;
  close(): Promise<void>;
}

export async function startServices(opts: ServicesOptions): Promise<Services> {
  const { core, logger } = opts;
  const log = (line: string) => logger.warn(line);
  const http = await createHttpServer({
    api: opts.api,
    staticDir: opts.staticDir,
    host: opts.host,
    port: opts.port,
    publicUrl: opts.publicUrl,
    trustProxy: opts.trustProxy,
    logger,
    // Sessions and links in the store: any replica knows them, and links from
    // `gatehouse admin-link` (minted while this runs) are the same stored tokens.
    sessions: { store: core.sql },
  });
  const issuer = http.url;
  const gatewayBase = `${issuer}${GATEWAY_PREFIX}`;
  const oauth = mountOAuth(http, core, gatewayBase, opts.face ?? 'serve');
  const gateway = createGateway({ core, issuer: () => issuer, verifiers: [oauthBearer(oauth)] });
  http.mount(GATEWAY_PREFIX, gateway.handler, { crossOrigin: 'allow' });
  http.mount(`${RESOURCE_METADATA_PREFIX}mcp/`, gateway.metadata, { crossOrigin: 'allow' });
  http.mount(UPSTREAM_CALLBACK_PATH, upstreamCallbackHandler(core, log), { crossOrigin: 'allow' });
  const probes = opts.storeProbes ?? storeProbes(core);
  const readiness = new Readiness([...probes, oauth.signingKeysProbe(), drainingProbe(http)]);
  http.mount(HEALTH_PATH, healthHandler(), { crossOrigin: 'allow', anyHost: true });
  http.mount(READY_PATH, readyHandler(readiness), { crossOrigin: 'allow', anyHost: true });
  core.runtime.issuer = issuer;
  core.runtime.gatewayBase = gatewayBase;

  const maintenance = startMaintenance(core, logger);
  // Team mode serves other machines: there is no client app's config on this one to watch.
  const drift = core.team ? null : watchClientConfigs(core, log);

  return {
    http,
    issuer,
    gatewayBase,
    readiness,
    drain: (ms) => http.drain(ms),
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

/** Not ready once a drain began: the load balancer stops sending new work at once. */
function drainingProbe(http: GatehouseHttpServer): ReadinessProbe {
  return { name: 'accepting', cacheMs: 0, check: () => (http.draining ? failed('shutting down') : OK) };
}

/** Records in the audit log when another program changes a protected entry of a client config. */
function watchClientConfigs(core: Core, log: (line: string) => void): ReturnType<typeof watchDrift> | null {
  try {
    const drift = watchDrift(createClientAppService(core), core.servers, (events) => {
      for (const e of events) {
        core.audit.record({
          action: 'client.drift',
          reason: `${e.servers.map((s) => s.name).join(', ')} changed or removed by another program`,
          detail: { client: e.client, path: e.path },
        });
      }
    });
    drift.check();
    return drift;
  } catch (e) {
    log(`cannot watch client configs: ${(e as Error).message}`);
    return null;
  }
}
