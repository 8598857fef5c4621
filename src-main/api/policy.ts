import type { RateLimit } from '../../src-preload/contract';
import type { Core } from '../core';
import { changesOf } from '../core/audit/changes';
import { auditPerMinute, queryAudit } from '../core/audit/query';
import { oauthStoreOf } from '../core/oauth';
import { WINDOW_MS } from '../core/policy/rate-limiter';
import type { Handlers } from '.';

type PolicyMethods = 'settings.get' | 'settings.update' | 'rate.buckets' | 'audit.query' | 'audit.perMinute';

export function policyHandlers(core: Core): Handlers<PolicyMethods> {
  return {
    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => {
      const before = core.settings.get();
      const next = core.settings.update(patch);
      core.audit.record({ action: 'settings.update', detail: { changes: changesOf(before, patch) } });
      return next;
    },
    'rate.buckets': () => {
      // Keys and OAuth clients: both are principals with a bucket of their own.
      const principals = new Map<string, { name: string; rateLimit: RateLimit | null }>(core.keys.list().map((k) => [k.id, k]));
      for (const c of oauthStoreOf(core).clients.list()) principals.set(c.clientId, c);
      return core.limiter
        .levels(
          (bucket) => core.enforcer.limitOfBucket(bucket, (id) => principals.get(id)?.rateLimit),
          (id) => principals.get(id)?.name ?? null,
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
