import type { AuditQuery } from '../../src-preload/contract';
import { call, printJson, table, withCore, type CommonOptions } from './context';

export interface AuditOptions extends CommonOptions {
  since?: string;
  key?: string;
  server?: string;
  tool?: string;
  decision?: AuditQuery['decision'];
  limit?: number;
}

export async function showAudit(opts: AuditOptions): Promise<void> {
  const query: AuditQuery = {
    limit: opts.limit ?? 50,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.key ? { principalId: opts.key } : {}),
    ...(opts.server ? { server: opts.server } : {}),
    ...(opts.tool ? { tool: opts.tool } : {}),
    ...(opts.decision ? { decision: opts.decision } : {}),
  };
  const page = await withCore(opts, (_c, api) => call(api, 'audit.query', query));
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
