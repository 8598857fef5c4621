import type { Core } from '.';
import { silentLogger, type Logger } from './log';

const DAY_MS = 86_400_000;
/** Start-up writes (migrations, signing keys, the OAuth engine) go first. */
const FIRST_RUN_MS = 2_000;
/** How often the read thread checkpoints the WAL (the main thread does not: see openCore). */
const CHECKPOINT_MS = 5_000;

export interface MaintenanceHandle {
  /** Runs now (unless a run is under way) and resolves when it ends. */
  runNow(): Promise<void>;
  stop(): void;
}

/**
 * Housekeeping for the long-running processes (the app and `serve`): audit retention, the
 * key-change log, incremental vacuum and a WAL checkpoint, shortly after start and then
 * daily. It runs where `core.reads` runs (a worker thread in the app and `serve`), in
 * small transactions: start-up never waits for it and MCP traffic barely notices it.
 * Guards and one-shot CLI commands do not run it.
 */
export function startMaintenance(core: Core, log: Logger = silentLogger, firstRunMs = FIRST_RUN_MS): MaintenanceHandle {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running || stopped) return running ?? Promise.resolve();
    running = once(core, log).finally(() => {
      running = null;
    });
    return running;
  };
  const first = setTimeout(() => void run(), firstRunMs);
  const daily = setInterval(() => void run(), DAY_MS);
  // PostgreSQL (team mode) checkpoints by itself: there is no WAL file of ours to fold.
  const checkpoints = core.team ? null : setInterval(() => void checkpoint(core, log), CHECKPOINT_MS);
  for (const t of [first, daily, checkpoints]) t?.unref();
  return {
    runNow: run,
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(daily);
      if (checkpoints) clearInterval(checkpoints);
    },
  };
}

async function checkpoint(core: Core, log: Logger): Promise<void> {
  try {
    if (!core.status().readOnly) await core.reads.run('checkpoint', {});
  } catch (e) {
    log.error(`checkpoint failed: ${(e as Error).message}`, { event: 'checkpoint_failed' });
  }
}

async function once(core: Core, log: Logger): Promise<void> {
  try {
    if (core.status().readOnly) return;
    const report = await core.reads.run('maintain', { retentionDays: core.settings.get().auditRetentionDays });
    if (report.removed > 0) {
      log.info(`audit: removed ${report.removed} events past the retention in ${report.batches} batches (at most ${report.largestBatch} rows each)`, {
        event: 'audit_pruned',
        removed: report.removed,
        batches: report.batches,
      });
    }
  } catch (e) {
    log.error(`maintenance failed: ${(e as Error).message}`, { event: 'maintenance_failed' });
  }
}
