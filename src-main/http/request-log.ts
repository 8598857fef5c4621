// One summary line per HTTP request: method, path, status, latency and the client's
// address. Never the query string (sign-in links and authorization codes travel
// there), a header, a cookie or a body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, LogLevel } from '../core/log';

/** Probes poll every few seconds and the UI's assets are many: kept out of `info`. */
function levelOf(path: string, status: number): LogLevel {
  if (status >= 500) return 'warn';
  if (path === '/healthz' || path === '/readyz' || path.startsWith('/admin/assets/')) return 'debug';
  return 'info';
}

export function pathOf(rawUrl: string | undefined): string {
  const path = (rawUrl ?? '').split(/[?#]/, 1)[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** Logs the request when its response closes (finished, or cut by the client). */
export function logWhenDone(log: Logger, req: IncomingMessage, res: ServerResponse, client: () => string): void {
  const started = performance.now();
  res.once('close', () => {
    const path = pathOf(req.url);
    const status = res.statusCode;
    const level = levelOf(path, status);
    if (!log.enabled(level)) return;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const aborted = !res.writableFinished;
    log[level](`${req.method} ${path} ${status} ${ms} ms${aborted ? ' (closed before the answer ended)' : ''}`, {
      event: 'request',
      method: req.method,
      path,
      status,
      ms,
      client: client(),
      aborted: aborted || undefined,
    });
  });
}
