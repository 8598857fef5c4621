// Who, what, where in the audit log (issue 15): an actor on every event from the admin
// API (desktop, admin-web, cli) without each service passing it; the CLI's and the
// guard's own events; changes before and after with secrets masked; client events name
// their config file.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { changesOf, MASKED, secretMapChanges } from '../../src-main/core/audit/changes';
import { queryAudit } from '../../src-main/core/audit/query';
import { freshCores } from '../helpers/core';

const cores = freshCores();

describe('audit: who and what', () => {
  it('names the admin tool that made each change, whichever service records it', async () => {
    const { core } = cores.open();
    const api = createApi(core);
    const created = await api.dispatch('keys.create', { name: 'k', expiresInSeconds: null, rules: [], rateLimit: null }, { actor: 'admin-web' });
    const id = (created as { data: { key: { id: string } } }).data.key.id;
    await api.dispatch('keys.update', { id, name: 'k2' }, { actor: 'desktop' });
    await api.dispatch('servers.add', { transport: 'stdio', name: 'fs', command: 'node', args: [], env: { TOKEN: 'sekrit' } }, { actor: 'cli' });
    await api.dispatch('servers.update', { name: 'fs', server: { transport: 'stdio', name: 'fs', command: 'node', args: ['a'], env: { TOKEN: 'other' } }, keepSecrets: false }, { actor: 'cli' });
    await api.dispatch('settings.update', { auditRetentionDays: 30 }, { actor: 'desktop' });
    core.audit.record({ action: 'client.drift' });
    core.audit.flush();
    const events = queryAudit(core.db, { limit: 100 }).events.reverse();
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['key.create', 'admin-web'],
      ['key.update', 'desktop'],
      ['server.add', 'cli'],
      ['server.update', 'cli'],
      ['settings.update', 'desktop'],
      ['client.drift', 'system'],
    ]);
    const server = events.find((e) => e.action === 'server.update')!;
    expect(server.detail?.changes).toEqual({ args: { before: [], after: ['a'] }, env: { before: { TOKEN: MASKED }, after: { TOKEN: `${MASKED} (changed)` } } });
    expect(JSON.stringify(events)).not.toContain('sekrit');
    expect(JSON.stringify(events)).not.toContain('other');
    expect(events.find((e) => e.action === 'settings.update')!.detail?.changes).toEqual({ auditRetentionDays: { before: 90, after: 30 } });
  });

  it('masks secret fields and secret maps, saying only that they changed', () => {
    expect(changesOf({ a: 1, secret: 'x' }, { a: 2, secret: 'y' }, { secret: ['secret'] })).toEqual({
      a: { before: 1, after: 2 },
      secret: { before: MASKED, after: MASKED },
    });
    expect(changesOf({ a: 1 }, { a: 1 })).toEqual({});
    expect(secretMapChanges({ A: '1' }, { A: '1', B: '2' })).toEqual({ before: { A: MASKED }, after: { A: MASKED, B: MASKED } });
    expect(secretMapChanges({ A: '1' }, { A: '1' })).toBeNull();
  });

  it('gives events recorded outside an admin call the process actor', () => {
    const { core } = cores.open();
    core.audit.defaultActor = 'cli';
    core.audit.record({ action: 'admin.sign_in_link' });
    core.audit.record({ action: 'mcp.request', actor: 'guard', server: 'fs' });
    core.audit.flush();
    expect(queryAudit(core.db, { limit: 10 }).events.map((e) => e.actor).sort()).toEqual(['cli', 'guard']);
  });
});
