import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src-main/core/policy/enforcer';
import { queryAudit } from '../../src-main/core/audit/query';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const setup = () => cores.open().core;
const call = (tool: string) => ({ method: 'tools/call', uses: [{ kind: 'tool' as const, name: tool }], metered: true });
const LIST = { method: 'tools/list', uses: [], metered: false };
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
    const v = core.enforcer.check(principal(), 'github', LIST);
    expect(v).toMatchObject({ ok: false, decision: 'denied', reason: 'no_server_access' });
    expect(!v.ok && v.message).toMatch(/"claude" has no permission for server github/);
  });

  it('judges tools/call by tool and names the rule that denied it', () => {
    const core = setup();
    expect(core.enforcer.check(principal(), 'fs', call('read_file'))).toEqual({ ok: true });
    const v = core.enforcer.check(principal(), 'fs', call('delete_file'));
    expect(v).toMatchObject({ ok: false, decision: 'denied', reason: 'denied_by_rule' });
    expect(!v.ok && v.message).toContain('fs:delete_*');
    expect(core.enforcer.check(principal(), 'fs', LIST)).toEqual({ ok: true });
  });

  it("uses the key's own rate limit, else the default, and says when to retry", () => {
    const core = setup();
    const p = principal({ rateLimit: { limit: 2, window: 'minute' } });
    expect(core.enforcer.check(p, 'fs', call('read')).ok).toBe(true);
    expect(core.enforcer.check(p, 'fs', call('read')).ok).toBe(true);
    const v = core.enforcer.check(p, 'fs', call('read'));
    expect(v).toMatchObject({ ok: false, decision: 'rate_limited' });
    expect(!v.ok && v.message).toMatch(/2 calls per minute\); retry in \d+ s/);
    // tools/list is not metered
    expect(core.enforcer.check(p, 'fs', LIST).ok).toBe(true);

    core.settings.update({ defaultRateLimit: { limit: 1, window: 'hour' } });
    const q = principal({ id: 'key_other000000000' });
    expect(core.enforcer.check(q, 'fs', call('read')).ok).toBe(true);
    expect(core.enforcer.check(q, 'fs', call('read')).ok).toBe(false);
  });

  it('applies per-tool limits per principal', () => {
    const core = setup();
    core.settings.update({ defaultRateLimit: null, toolRateLimits: [{ pattern: 'fs:read_*', limit: 1, window: 'hour' }] });
    const a = principal();
    const b = principal({ id: 'key_bbbbbbbbbbbbbb' });
    expect(core.enforcer.check(a, 'fs', call('read_file')).ok).toBe(true);
    expect(core.enforcer.check(a, 'fs', call('read_file'))).toMatchObject({ ok: false, decision: 'rate_limited' });
    expect(core.enforcer.check(a, 'fs', call('list')).ok).toBe(true);
    expect(core.enforcer.check(b, 'fs', call('read_file')).ok).toBe(true);
  });

  it('judges resources by URI and prompts by name, each by rules of its own kind', () => {
    const core = setup();
    const p = principal({
      rules: [
        { effect: 'allow', pattern: 'fs:*' },
        { effect: 'allow', pattern: 'fs:resource:file:///docs/*' },
        { effect: 'deny', pattern: 'fs:resource:*.key' },
        { effect: 'allow', pattern: 'fs:prompt:summar?' },
      ],
    });
    const read = (uri: string) => core.enforcer.check(p, 'fs', { method: 'resources/read', uses: [{ kind: 'resource', name: uri }], metered: true });
    const prompt = (name: string) => core.enforcer.check(p, 'fs', { method: 'prompts/get', uses: [{ kind: 'prompt', name }], metered: true });
    expect(read('file:///docs/a.md')).toEqual({ ok: true });
    expect(read('file:///docs/id.key')).toMatchObject({ ok: false, reason: 'denied_by_rule', message: 'resource file:///docs/id.key of server fs is denied by the rule fs:resource:*.key' });
    expect(read('file:///etc/passwd')).toMatchObject({ ok: false, reason: 'no_allow_rule', message: 'no rule allows resource file:///etc/passwd of server fs' });
    expect(prompt('summary')).toEqual({ ok: true });
    expect(prompt('secrets')).toMatchObject({ ok: false, reason: 'no_allow_rule' });
    // fs:* covers every tool and nothing else: no resource or prompt named like a tool slips through.
    expect(core.enforcer.check(p, 'fs', { method: 'prompts/get', uses: [{ kind: 'prompt', name: 'read_file' }], metered: true }).ok).toBe(false);
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
