import type { RateBucket, RateLimit } from '../../src-preload/contract';
import type { Core } from '../core';
import { changesOf } from '../core/audit/changes';
import { oauthStoreOf } from '../core/oauth';
import { WINDOW_MS } from '../core/policy/rate-limiter';
import type { Handlers, MethodsOf } from '.';

type PolicyMethods = MethodsOf<'settings' | 'rate' | 'audit'>;

/**
 * The buckets used most recently, with their principals' names and limits looked up for
 * those principals only (keys and OAuth clients: both have buckets of their own). Polled
 * every 2 s by the Rate limits screen, so its cost must not grow with the number of keys.
 */
function recentBuckets(core: Core, limit: number): RateBucket[] {
  const { rows, principalIds } = core.limiter.recent(limit);
  const principals = new Map<string, { name: string; rateLimit: RateLimit | null }>(
    core.keys.byIds(principalIds.filter((id) => id.startsWith('key_'))).map((k) => [k.id, k]),
  );
  const others = principalIds.filter((id) => !principals.has(id));
  const store = oauthStoreOf(core);
  const names = store.clientNames(others);
  for (const id of others) {
    const access = names.has(id) ? store.clients.access(id) : null;
    if (access) principals.set(id, { name: names.get(id)!, rateLimit: access.rateLimit });
  }
  return core.limiter
    .levels(
      rows,
      (bucket) => core.enforcer.limitOfBucket(bucket, (id) => principals.get(id)?.rateLimit),
      (id) => principals.get(id)?.name ?? null,
    )
    .sort((a, b) => a.tokens / a.capacity - b.tokens / b.capacity || WINDOW_MS[a.window] - WINDOW_MS[b.window]);
}

export function policyHandlers(core: Core): Handlers<PolicyMethods> {
  return {
    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => {
      const before = core.settings.get();
      const next = core.settings.update(patch);
      core.audit.record({ action: 'settings.update', detail: { changes: changesOf(before, patch) } });
      return next;
    },
    'rate.buckets': ({ limit }) => recentBuckets(core, limit),
    // Each read first writes what this process has queued (so the admin sees its own last
    // action), then runs on the read thread (core.reads): never on the one relaying MCP traffic.
    'audit.query': (q) => {
      core.audit.flush();
      return core.reads.run('audit.page', q);
    },
    'audit.count': async (f) => {
      core.audit.flush();
      return { count: await core.reads.run('audit.count', f) };
    },
    'audit.export': (q) => {
      if (!q.cursor) core.audit.flush();
      return core.reads.run('audit.export', q);
    },
    'audit.perMinute': ({ minutes }) => {
      core.audit.flush();
      return core.reads.run('audit.perMinute', { minutes });
    },
  };
}
