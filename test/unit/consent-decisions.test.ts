// The admin's answers to pending sign-in requests (migration 007): recorded only for a
// pending, unexpired interaction, expiring with it, taken once, audited.
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { oauthStoreOf } from '../../src-main/core/oauth';
import { freshCores } from '../helpers/core';

const cores = freshCores();

function interaction(core: Core, uid: string, opts: { clientId?: string; expiresAt?: number; result?: unknown } = {}): void {
  const payload = { uid, iat: Math.floor(Date.now() / 1000), params: { client_id: opts.clientId ?? 'client-a', resource: 'http://127.0.0.1:1/mcp/fs' }, ...(opts.result ? { result: opts.result } : {}) };
  core.db
    .prepare("INSERT INTO oauth_models (model, id, payload, uid, expires_at, created_at) VALUES ('Interaction', ?, ?, ?, ?, ?)")
    .run(uid, JSON.stringify(payload), uid, opts.expiresAt ?? Date.now() + 600_000, Date.now());
}

function auditRows(core: Core): { action: string; actor: string; decision: string; principal_id: string; detail: string }[] {
  core.audit.flush();
  return core.db.prepare("SELECT action, actor, decision, principal_id, detail FROM audit_events WHERE action = 'oauth.consent' ORDER BY id").all() as never;
}

describe('consent decisions', () => {
  it('records an answer that expires with its interaction, shows it in the pending list, and audits it', () => {
    const { core } = cores.open();
    const store = oauthStoreOf(core);
    const expiresAt = Date.now() + 300_000;
    interaction(core, 'uid-aaaaaaaaaa', { expiresAt });
    const answer = store.decisions.decide('uid-aaaaaaaaaa', 'allow', 'desktop');
    expect(answer).toEqual({ uid: 'uid-aaaaaaaaaa', clientId: 'client-a', decision: 'allow', expiresAt: new Date(expiresAt).toISOString() });
    expect(store.grants.pending()).toMatchObject([{ uid: 'uid-aaaaaaaaaa', decision: 'allow' }]);
    const [row] = auditRows(core);
    expect(row).toMatchObject({ action: 'oauth.consent', actor: 'desktop', decision: 'allowed', principal_id: 'client-a' });
    expect(JSON.parse(row!.detail)).toEqual({ uid: 'uid-aaaaaaaaaa', resources: ['http://127.0.0.1:1/mcp/fs'] });
  });

  it('is taken once; a later answer replaces one not yet taken', () => {
    const { core } = cores.open();
    const { decisions, grants } = oauthStoreOf(core);
    interaction(core, 'uid-bbbbbbbbbb');
    decisions.decide('uid-bbbbbbbbbb', 'allow', 'cli');
    decisions.decide('uid-bbbbbbbbbb', 'deny', 'desktop');
    expect(decisions.has('uid-bbbbbbbbbb')).toBe(true);
    expect(decisions.take('uid-bbbbbbbbbb', 'client-a')).toEqual({ decision: 'deny', actor: 'desktop' });
    expect(decisions.take('uid-bbbbbbbbbb', 'client-a')).toBeNull();
    expect(decisions.has('uid-bbbbbbbbbb')).toBe(false);
    expect(grants.pending()).toMatchObject([{ uid: 'uid-bbbbbbbbbb', decision: null }]);
    expect(auditRows(core).map((r) => r.decision)).toEqual(['allowed', 'denied']);
  });

  it('never finishes another client\'s request: an answer for another client is dropped', () => {
    const { core } = cores.open();
    const { decisions } = oauthStoreOf(core);
    interaction(core, 'uid-cccccccccc', { clientId: 'client-a' });
    decisions.decide('uid-cccccccccc', 'allow', 'desktop');
    expect(decisions.take('uid-cccccccccc', 'client-b')).toBeNull();
    expect(decisions.take('uid-cccccccccc', 'client-a')).toBeNull();
  });

  it('refuses unknown, expired and already answered requests with a clear error', () => {
    const { core } = cores.open();
    const { decisions } = oauthStoreOf(core);
    interaction(core, 'uid-expired000', { expiresAt: Date.now() - 1 });
    interaction(core, 'uid-answered00', { result: { consent: {} } });
    expect(() => decisions.decide('uid-unknown000', 'allow', 'desktop')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/no pending sign-in request uid-unknown000: it expired/) }));
    expect(() => decisions.decide('uid-expired000', 'allow', 'desktop')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => decisions.decide('uid-answered00', 'deny', 'desktop')).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/already answered/) }));
    expect(auditRows(core)).toEqual([]);
  });

  it('an answer dies with its interaction', async () => {
    const { core } = cores.open();
    const { decisions, grants } = oauthStoreOf(core);
    interaction(core, 'uid-short00000', { expiresAt: Date.now() + 40 });
    decisions.decide('uid-short00000', 'allow', 'desktop');
    await new Promise((r) => setTimeout(r, 60));
    expect(decisions.has('uid-short00000')).toBe(false);
    expect(decisions.take('uid-short00000', 'client-a')).toBeNull();
    expect(grants.pending()).toEqual([]);
    // The next answer sweeps what nobody picked up.
    interaction(core, 'uid-next000000');
    decisions.decide('uid-next000000', 'deny', 'desktop');
    expect(core.db.prepare('SELECT uid FROM oauth_consent_decisions').all()).toEqual([{ uid: 'uid-next000000' }]);
  });
});

describe('pending sign-ins whose tab closed', () => {
  it('leave the list once their tab stops asking', () => {
    const { core } = cores.open();
    const { decisions, grants } = oauthStoreOf(core);
    interaction(core, 'uid-dddddddddd');
    const t0 = Date.now();
    expect(grants.pending(t0, 90_000).map((p) => p.uid)).toEqual(['uid-dddddddddd']);
    // The tab asks every 2 s; 60 s later it still counts as open.
    decisions.seen('uid-dddddddddd', t0 + 60_000);
    expect(grants.pending(t0 + 120_000, 90_000).map((p) => p.uid)).toEqual(['uid-dddddddddd']);
    // Closed: no ask for 90 s, and it is gone from the list (the interaction itself lives on until it expires).
    expect(grants.pending(t0 + 151_000, 90_000)).toEqual([]);
    decisions.seen('uid-dddddddddd', t0 + 152_000);
    expect(grants.pending(t0 + 153_000, 90_000)).toHaveLength(1);
  });
});
