import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src-main/core/policy/enforcer';
import { queryAudit } from '../../src-main/core/audit/query';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const setup = () => cores.open().core;
const principal = (over: Partial<Principal> = {}): Principal => ({
  type: 'api_key',
  id: 'key_test0000000000',
  name: 'claude',
  rules: [{ effect: 'allow', pattern: 'fs:*' }, { effect: 'deny', pattern: 'fs:delete_*' }],
  rateLimit: null,
  ...over,
});

describe('enforcer', () => {
  it('refuses a server the principal has no rule for, naming the server', () => {
    const core = setup();
    const v = core.enforcer.check(principal(), 'github', 'tools/list', null);
    expect(v).toMatchObject({ ok: false, decision: 'denied', reason: 'no_server_access' });
    expect(!v.ok && v.message).toMatch(/"claude" has no permission for server github/);
  });

  it('judges tools/call by tool and names the rule that denied it', () => {
    const core = setup();
    expect(core.enforcer.check(principal(), 'fs', 'tools/call', 'read_file')).toEqual({ ok: true });
    const v = core.enforcer.check(principal(), 'fs', 'tools/call', 'delete_file');
    expect(v).toMatchObject({ ok: false, decision: 'denied', reason: 'denied_by_rule' });
    expect(!v.ok && v.message).toContain('fs:delete_*');
    expect(core.enforcer.check(principal(), 'fs', 'tools/list', null)).toEqual({ ok: true });
  });

  it("uses the key's own rate limit, else the default, and says when to retry", () => {
    const core = setup();
    const p = principal({ rateLimit: { limit: 2, window: 'minute' } });
    expect(core.enforcer.check(p, 'fs', 'tools/call', 'read').ok).toBe(true);
    expect(core.enforcer.check(p, 'fs', 'tools/call', 'read').ok).toBe(true);
    const v = core.enforcer.check(p, 'fs', 'tools/call', 'read');
    expect(v).toMatchObject({ ok: false, decision: 'rate_limited' });
    expect(!v.ok && v.message).toMatch(/2 calls per minute\); retry in \d+ s/);
    // tools/list is not metered
    expect(core.enforcer.check(p, 'fs', 'tools/list', null).ok).toBe(true);

    core.settings.update({ defaultRateLimit: { limit: 1, window: 'hour' } });
    const q = principal({ id: 'key_other000000000' });
    expect(core.enforcer.check(q, 'fs', 'tools/call', 'read').ok).toBe(true);
    expect(core.enforcer.check(q, 'fs', 'tools/call', 'read').ok).toBe(false);
  });

  it('applies per-tool limits per principal', () => {
    const core = setup();
    core.settings.update({ defaultRateLimit: null, toolRateLimits: [{ pattern: 'fs:read_*', limit: 1, window: 'hour' }] });
    const a = principal();
    const b = principal({ id: 'key_bbbbbbbbbbbbbb' });
    expect(core.enforcer.check(a, 'fs', 'tools/call', 'read_file').ok).toBe(true);
    expect(core.enforcer.check(a, 'fs', 'tools/call', 'read_file')).toMatchObject({ ok: false, decision: 'rate_limited' });
    expect(core.enforcer.check(a, 'fs', 'tools/call', 'list').ok).toBe(true);
    expect(core.enforcer.check(b, 'fs', 'tools/call', 'read_file').ok).toBe(true);
  });

  it('stores arguments only when the admin opted in, with secrets redacted', () => {
    const core = setup();
    const p = principal();
    const args = { path: '/tmp/x', token: 'abc', note: 'ghk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    core.enforcer.record(p, { server: 'fs', method: 'tools/call', tool: 'read', decision: 'allowed', arguments: args });
    core.settings.update({ auditStoreArguments: true });
    core.enforcer.record(p, { server: 'fs', method: 'tools/call', tool: 'read', decision: 'allowed', arguments: args });
    core.audit.flush();
    const [second, first] = queryAudit(core.db, { limit: 10 }).events.filter((e) => e.action === 'mcp.request');
    expect(first!.arguments).toBeNull();
    expect(second!.arguments).toEqual({ path: '/tmp/x', token: '[redacted]', note: '[redacted]' });
  });
});
