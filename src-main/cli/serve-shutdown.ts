// SIGTERM (an orchestrator) or SIGINT (Ctrl+C) stops `serve` in order: /readyz turns
// 503 and the listening socket closes (new connections are refused), the calls in
// flight get up to --drain-seconds to finish, the gateway's sessions and their servers
// are closed, the audit log is flushed, and the process exits 0. A second signal exits
// at once.
import type { Core } from '../core';
import type { Logger } from '../core/log';
import type { Services } from '../http/services';

export interface ShutdownDeps {
  services: Pick<Services, 'drain' | 'close'>;
  core: Pick<Core, 'close'>;
  logger: Logger;
  drainMs: number;
  exit?: (code: number) => void;
  signals?: Pick<NodeJS.Process, 'on'>;
}

export function stopOnSignals(deps: ShutdownDeps): void {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: whoever sent it does not want to wait.
      deps.logger.warn(`${signal} again: exiting now`, { event: 'shutdown_forced', signal });
      return exit(1);
    }
    stopping = true;
    shutdown(deps, signal).then(
      () => exit(0),
      (e: unknown) => {
        deps.logger.error(`stopping failed: ${e instanceof Error ? e.message : String(e)}`, { event: 'error' });
        exit(1);
      },
    );
  };
  const on = deps.signals ?? process;
  on.on('SIGINT', onSignal);
  on.on('SIGTERM', onSignal);
}

export async function shutdown(deps: ShutdownDeps, signal: string): Promise<void> {
  const { logger } = deps;
  logger.info(`${signal}: stopping; calls in flight have ${deps.drainMs / 1000} s to finish`, { event: 'shutdown', signal, drain_ms: deps.drainMs });
  let drain;
  try {
    drain = await deps.services.drain(deps.drainMs);
  } finally {
    try {
      await deps.services.close();
    } finally {
      // Flushes the audit log and releases the rate limiter's leases.
      deps.core.close();
    }
  }
  if (!drain.drained) logger.warn(`${drain.cut} calls were still running after ${deps.drainMs / 1000} s and were cut`, { event: 'drain_timeout', cut: drain.cut });
  logger.info('stopped', { event: 'stopped', drained: drain.drained });
}
