// GET /healthz (the process is up and answers) and GET /readyz (it can serve: the store
// answers, the schema is current, the signing keys are loaded, it is not shutting down),
// for load balancers and orchestrators. No session needed; nothing secret in either.
import type { Readiness } from '../core/health';
import { VERSION } from '../core/version';
import { sendJson } from './respond';
import type { RouteHandler } from './router';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

const onlyGet: (handler: RouteHandler) => RouteHandler = (handler) => (req, res, ctx) => {
  if (ctx.url.pathname !== HEALTH_PATH && ctx.url.pathname !== READY_PATH) {
    return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'nothing here' } });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use GET' } }, { Allow: 'GET, HEAD' });
  }
  return handler(req, res, ctx);
};

export function healthHandler(): RouteHandler {
  return onlyGet((_req, res) => sendJson(res, 200, { status: 'ok', version: VERSION }));
}

export function readyHandler(readiness: Readiness): RouteHandler {
  return onlyGet(async (_req, res) => {
    const report = await readiness.report();
    sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });
}
