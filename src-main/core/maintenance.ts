import type { Core } from '.';
import { pruneAudit } from './audit/query';
import { silentLogger, type Logger } from './log';

const DAY_MS = 86_400_000;

/**
 * Housekeeping for the long-running processes (the app and `serve`): audit retention
 * now and once a day. Guards and one-shot CLI commands do not run it.
 */
export function startMaintenance(core: Core, log: Logger = silentLogger): () => void {
  const run = () => {
    try {
      if (core.status().readOnly) return;
      core.audit.flush();
      const removed = pruneAudit(core.db, core.settings.get().auditRetentionDays);
      if (removed > 0) log.info(`audit: removed ${removed} events past the retention`, { event: 'audit_pruned', removed });
    } catch (e) {
      log.error(`maintenance failed: ${(e as Error).message}`, { event: 'maintenance_failed' });
    }
  };
  run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
