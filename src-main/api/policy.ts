import type { Core } from '../core';
import { auditPerMinute, queryAudit } from '../core/audit/query';
import { WINDOW_MS } from '../core/policy/rate-limiter';
import type { Handlers } from '.';

type PolicyMethods = 'settings.get' | 'settings.update' | 'rate.buckets' | 'audit.query' | 'audit.perMinute';

export function policyHandlers(core: Core): Handlers<PolicyMethods> {
  return {
    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => {
      const next = core.settings.update(patch);
      core.audit.record({ action: 'settings.update', detail: { fields: Object.keys(patch) } });
      return next;
    },
    'rate.buckets': () => {
      const keys = new Map(core.keys.list().map((k) => [k.id, k]));
      return core.limiter
        .levels(
          (bucket) =>
            core.enforcer.limitOfBucket(bucket, (id) => {
              const k = keys.get(id);
              return k ? k.rateLimit : undefined;
            }),
          (id) => keys.get(id)?.name ?? null,
        )
        .sort((a, b) => a.tokens / a.capacity - b.tokens / b.capacity || WINDOW_MS[a.window] - WINDOW_MS[b.window]);
    },
    'audit.query': (q) => {
      core.audit.flush();
      return queryAudit(core.db, q);
    },
    'audit.perMinute': ({ minutes }) => {
      core.audit.flush();
      return auditPerMinute(core.db, minutes);
    },
  };
}
