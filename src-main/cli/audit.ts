import type { AuditQuery } from '../../src-preload/contract';
import type { AdminApi } from '../api';
import { isGatehouseError } from '../core/errors';
import { call, CliFailure, printJson, table, withCore, type CommonOptions } from './context';
import { resolveKeyId, resolveServerName } from './resolve';

export interface AuditOptions extends CommonOptions {
  since?: string;
  key?: string;
  server?: string;
  tool?: string;
  decision?: AuditQuery['decision'];
  limit?: number;
}

/**
 * --server: a registered server (by its name or a client's name for it); a removed one
 * is still found when the log holds its events. Anything else is an error with a hint,
 * never "no events".
 */
async function serverFilter(api: AdminApi, given: string): Promise<string> {
  try {
    return await resolveServerName(api, given);
  } catch (e) {
    const code = isGatehouseError(e) || e instanceof CliFailure ? e.code : null;
    if (code !== 'NOT_FOUND') throw e;
    const seen = await call(api, 'audit.query', { limit: 1, server: given });
    if (seen.events.length) return given;
    throw e;
  }
}

async function queryOf(api: AdminApi, opts: AuditOptions): Promise<AuditQuery> {
  return {
    limit: opts.limit ?? 50,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.key ? { principalId: await resolveKeyId(api, opts.key) } : {}),
    ...(opts.server ? { server: await serverFilter(api, opts.server) } : {}),
    ...(opts.tool ? { tool: opts.tool } : {}),
    ...(opts.decision ? { decision: opts.decision } : {}),
  };
}

export async function showAudit(opts: AuditOptions): Promise<void> {
  const page = await withCore(opts, async (_c, api) => call(api, 'audit.query', await queryOf(api, opts)));
  if (opts.json) return printJson(page);
  if (page.events.length === 0) {
    process.stdout.write('No audit events match.\n');
    return;
  }
  process.stdout.write(
    table(
      ['TIME', 'WHO', 'SERVER', 'WHAT', 'DECISION', 'MS', 'REASON'],
      page.events.map((e) => [
        e.ts.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        e.principalName ?? e.principalId ?? e.actor ?? '-',
        e.server ?? '-',
        e.tool ? `${e.method ?? ''} ${e.tool}`.trim() : (e.method ?? e.action),
        e.decision ?? '-',
        e.latencyMs === null ? '' : e.latencyMs.toFixed(1),
        e.reason ?? e.outcome ?? '',
      ]),
    ),
  );
}
