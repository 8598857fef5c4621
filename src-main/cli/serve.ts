// `gatehouse serve`: the core, the admin API and one HTTP server (loopback by default,
// or behind a load balancer with --public-url). Prints one ready line (or a few human
// lines; with --log-format json, JSON log lines only) and runs until SIGINT/SIGTERM,
// then drains the calls in flight (serve-shutdown.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi } from '../api';
import { openCore, type Core } from '../core';
import { masterKeyProviders } from '../core/crypto/master-key-sources';
import { redactDatabaseUrl } from '../core/db/database-url';
import { isGatehouseError } from '../core/errors';
import { createLogger, type Logger } from '../core/log';
import { VERSION } from '../core/version';
import { startServices, type Services } from '../http/services';
import { CliFailure } from './context';
import { resolveServeFlags, type ServeConfig, type ServeFlags } from './serve-options';
import { stopOnSignals } from './serve-shutdown';

export type ServeOptions = ServeFlags;

export async function runServe(flags: ServeOptions): Promise<void> {
  const cfg = resolveServeFlags(flags);
  const logger = createLogger({
    format: cfg.logFormat,
    level: cfg.logLevel,
    // JSON lines are the output a collector reads; text stays off stdout, which has the ready line.
    write: cfg.logFormat === 'json' ? (l) => process.stdout.write(l) : (l) => process.stderr.write(l),
  });
  logger.info('starting', {
    event: 'start',
    version: VERSION,
    pid: process.pid,
    host: cfg.host,
    port: cfg.port,
    public_url: cfg.publicUrl?.origin ?? null,
    trust_proxy: cfg.trustProxy,
  });
  try {
    const { core, services } = await start(cfg, logger);
    stopOnSignals({ services, core, logger, drainMs: cfg.drainMs });
    announce(cfg, services, logger);
  } catch (e) {
    // The CLI prints the error on stderr as text; a collector reading JSON lines gets it too.
    if (cfg.logFormat === 'json') logger.error(`cannot start: ${e instanceof Error ? e.message : String(e)}`, { event: 'error', code: codeOf(e) });
    throw e;
  }
}

async function start(cfg: ServeConfig, logger: Logger): Promise<{ core: Core; services: Services }> {
  // Open errors (wrong master key, newer schema, …) propagate with their message.
  // The admin's long reads and housekeeping go to a worker thread: this one relays MCP traffic.
  const core = openCore({
    dataDir: cfg.dataDir,
    masterKeyProviders: masterKeyProviders({ dataDir: cfg.dataDir, service: cfg.databaseUrl !== null, log: logger }),
    readThread: true,
    log: logger,
    databaseUrl: cfg.databaseUrl,
    statementTimeoutMs: cfg.statementTimeoutMs,
    databasePoolSize: cfg.databasePoolSize,
    changeFeed: true,
  });
  try {
    const services = await startServices({
      core,
      api: createApi(core),
      staticDir: findRendererDir(),
      host: cfg.host,
      port: cfg.port,
      publicUrl: cfg.publicUrl ?? undefined,
      trustProxy: cfg.trustProxy,
      logger,
    });
    return { core, services };
  } catch (e) {
    core.close();
    throw listenFailure(e, cfg);
  }
}

function announce(cfg: ServeConfig, services: Services, logger: Logger): void {
  const { issuer, gatewayBase } = services;
  if (cfg.logFormat === 'json') {
    // A log collector keeps every line: no one-time sign-in token here (gatehouse admin-link mints one).
    logger.info(`ready: ${issuer}`, {
      event: 'ready',
      issuer,
      gateway_base: gatewayBase,
      admin_url: `${issuer}/admin/`,
      listen: services.http.listenUrl,
      data_dir: cfg.dataDir,
      database: cfg.databaseUrl ? redactDatabaseUrl(cfg.databaseUrl) : 'sqlite',
      ...(cfg.databaseUrl ? { database_pool_size: cfg.databasePoolSize, statement_timeout_ms: cfg.statementTimeoutMs } : {}),
    });
    return;
  }
  const adminUrl = services.http.adminLoginUrl();
  if (cfg.json) {
    process.stdout.write(`${JSON.stringify({ issuer, admin_url: adminUrl, gateway_base: gatewayBase, listen: services.http.listenUrl })}\n`);
    return;
  }
  const listen = services.http.listenUrl === issuer ? [] : [`Listening on:    ${services.http.listenUrl}`];
  process.stdout.write(
    [
      `Gatehouse admin: ${adminUrl} (the link works once)`,
      `Issuer:          ${issuer}`,
      `Gateway:         ${gatewayBase}<server>`,
      ...listen,
      cfg.databaseUrl ? `Database:        ${redactDatabaseUrl(cfg.databaseUrl)}` : `Data dir:        ${cfg.dataDir}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

function codeOf(e: unknown): string {
  if (e instanceof CliFailure) return e.code;
  return isGatehouseError(e) ? e.code : 'INTERNAL';
}

function listenFailure(e: unknown, opts: ServeConfig): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new CliFailure(`port ${opts.port} on ${opts.host} is in use; pick another with --port N (0 picks a free one)`, 1, 'ADDRESS_IN_USE');
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
    return new CliFailure(`cannot listen on ${opts.host}:${opts.port} (${code}); check --host and --port`, 1, code);
  }
  return e;
}

/**
 * The built renderer. Bundled, this module sits in out/main/ (or a chunk folder
 * below it) and the UI in out/renderer/; run from source (vitest) it sits in
 * src-main/cli/ and the UI in out/renderer/ at the checkout root. Walk up and
 * take the first that holds index.html; otherwise the first candidate, so that
 * /admin/ tells the user to build.
 */
export function findRendererDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  const candidates: string[] = [];
  let dir = from;
  for (let i = 0; i < 4; i++) {
    candidates.push(join(dir, 'renderer'), join(dir, 'out', 'renderer'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? fileURLToPath(new URL('../renderer/', import.meta.url));
}
