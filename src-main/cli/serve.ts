// `gatehouse serve`: the core, the admin API and one HTTP server on loopback.
// Prints one ready line (or a few human lines) and runs until SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi } from '../api';
import { openCore, type Core } from '../core';
import { isLoopbackHost } from '../http';
import { startServices, type Services } from '../http/services';
import { CliFailure } from './context';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  json: boolean;
}

export async function runServe(opts: ServeOptions): Promise<void> {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new CliFailure(`--port must be a number from 0 to 65535 (0 picks a free port)`, 2, 'INVALID_INPUT');
  }
  // Open errors (wrong master key, newer schema, …) propagate with their message.
  const log = (line: string) => process.stderr.write(`gatehouse: ${line}\n`);
  // The admin's long reads and housekeeping go to a worker thread: this one relays MCP traffic.
  const core = openCore({ dataDir: opts.dataDir, readThread: true, log });
  let services: Services;
  try {
    services = await startServices({
      core,
      api: createApi(core),
      staticDir: findRendererDir(),
      host: opts.host,
      port: opts.port,
      log,
    });
  } catch (e) {
    core.close();
    throw listenFailure(e, opts);
  }
  stopOnSignals(services, core);
  const { issuer, gatewayBase } = services;
  const adminUrl = services.http.adminLoginUrl();
  if (!isLoopbackHost(opts.host)) {
    process.stderr.write(
      `gatehouse: warning: listening on ${opts.host}, not loopback: other machines can reach this server, ` +
        'over plain http. Bind 127.0.0.1 unless you mean it.\n',
    );
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ issuer, admin_url: adminUrl, gateway_base: gatewayBase })}\n`);
  } else {
    process.stdout.write(
      [
        `Gatehouse admin: ${adminUrl} (the link works once)`,
        `Issuer:          ${issuer}`,
        `Gateway:         ${gatewayBase}<server>`,
        `Data dir:        ${opts.dataDir}`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  }
}

function stopOnSignals(services: Services, core: Core): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C: the user does not want to wait.
      process.stderr.write(`gatehouse: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    services
      .close()
      .then(
        () => {
          core.close();
          process.exit(0);
        },
        (e: unknown) => {
          process.stderr.write(`gatehouse: stopping failed: ${e instanceof Error ? e.message : String(e)}\n`);
          core.close();
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function listenFailure(e: unknown, opts: ServeOptions): unknown {
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
