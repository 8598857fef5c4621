import { describe, expect, it } from 'vitest';
import { failed, OK, Readiness, type ProbeResult } from '../../src-main/core/health';
import { schemaProbe } from '../../src-main/core/store-probes';
import { freshCores } from '../helpers/core';

/** A probe that counts its checks and answers what the test says. */
function counted(name: string, answer: () => ProbeResult | Promise<ProbeResult>, cacheMs?: number) {
  const probe = { name, cacheMs, calls: 0, check: () => (probe.calls++, answer()) };
  return probe;
}

describe('Readiness', () => {
  it('is ready when every probe is, and names each result', async () => {
    const r = new Readiness([counted('database', () => OK), counted('signing_keys', () => failed('no signing key'))]);
    expect(await r.report()).toEqual({ ready: false, checks: { database: { ok: true }, signing_keys: { ok: false, reason: 'no signing key' } } });
  });

  it('reuses a result for cacheMs (one database round trip a second, however often it is polled), then checks again', async () => {
    let now = 0;
    const db = counted('database', () => OK);
    const r = new Readiness([db], { cacheMs: 1000, now: () => now });
    await r.report();
    now = 999;
    await r.report();
    expect(db.calls).toBe(1);
    now = 1000;
    await r.report();
    expect(db.calls).toBe(2);
  });

  it('shares one check among concurrent polls', async () => {
    let release!: (r: ProbeResult) => void;
    const db = counted('database', () => new Promise<ProbeResult>((res) => (release = res)));
    const r = new Readiness([db]);
    const polls = [r.report(), r.report(), r.report()];
    await Promise.resolve();
    release(OK);
    expect((await Promise.all(polls)).every((p) => p.ready)).toBe(true);
    expect(db.calls).toBe(1);
  });

  it('checks a probe with cacheMs 0 every time (draining must show at once)', async () => {
    let draining = false;
    const r = new Readiness([counted('accepting', () => (draining ? failed('shutting down') : OK), 0)], { now: () => 0 });
    expect((await r.report()).ready).toBe(true);
    draining = true;
    expect(await r.report()).toEqual({ ready: false, checks: { accepting: { ok: false, reason: 'shutting down' } } });
  });

  it('turns a throwing probe and one that never answers into failures with a reason', async () => {
    const r = new Readiness(
      [
        counted('database', () => {
          throw new Error('connection refused');
        }),
        counted('hangs', () => new Promise<ProbeResult>(() => {})),
      ],
      { timeoutMs: 20 },
    );
    expect((await r.report()).checks).toEqual({ database: { ok: false, reason: 'connection refused' }, hangs: { ok: false, reason: 'no answer within 20 ms' } });
  });

  it('lets an engine replace a probe by name', async () => {
    const r = new Readiness([counted('database', () => failed('sqlite'))]);
    r.add(counted('database', () => OK));
    expect(r.names).toEqual(['database']);
    expect((await r.report()).ready).toBe(true);
  });
});

describe('the SQLite schema probe', () => {
  const cores = freshCores();

  it('is ok on the schema this build migrated to, and names the fix when another build changed it', () => {
    const { core } = cores.open();
    const probe = schemaProbe(core);
    expect(probe.check()).toEqual(OK);
    core.db.prepare("INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (9999, 'future', 'x', 0)").run();
    expect(probe.check()).toEqual({ ok: false, reason: expect.stringMatching(/^the schema is 9999, newer than this build knows \(\d+\): update Gatehouse$/) });
    expect(schemaProbe(core, 10_000).check()).toEqual({ ok: false, reason: 'the schema is 9999, older than this build needs (10000): run gatehouse migrate' });
  });
});
