// The admin's long reads on their own thread, and retention in small batches that let
// other writers in, shrink the file and leave the WAL small.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { maintainDatabase } from '../../src-main/core/audit/retention';
import { openDatabase, WAL_SIZE_LIMIT } from '../../src-main/core/db/connection';
import { workerReads } from '../../src-main/core/reads';
import { openCore } from '../../src-main/core';
import { envKeyProviders, freshCores, masterKey, tmpDir } from '../helpers/core';
import { memoryLogger } from '../helpers/log';

const cores = freshCores();
const DAY = 86_400_000;

/** n audit rows in one statement, `ageDays` old, spread over a minute. */
function bulkRows(db: ReturnType<typeof openDatabase>, n: number, ageDays: number, server = 'fs'): void {
  const ts = Date.now() - ageDays * DAY;
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO audit_events (ts, action, principal_type, principal_id, server, tool, method, decision, outcome, latency_ms)
     SELECT ? + i % 60000, 'mcp.request', 'api_key', 'key_bulk0000' || (i % 7), ?, 'read_file', 'tools/call', 'allowed', 'ok', 0.4 FROM n`,
  ).run(n, ts, server);
}

describe('read worker', () => {
  it('answers audit reads from its own thread with what the same query gives here', async () => {
    const { core, dir } = cores.open();
    bulkRows(core.db, 500, 0);
    const reads = workerReads({ dataDir: dir });
    cores.later(() => void reads.close());
    const page = await reads.run('audit.page', { principalId: 'key_bulk00003', limit: 20 });
    expect(reads.threadId).toBeGreaterThan(0);
    expect(reads.threadId).not.toBe(threadId);
    expect(page).toEqual(queryAudit(core.db, { principalId: 'key_bulk00003', limit: 20 }));
    expect(await reads.run('audit.count', { server: 'fs' })).toBe(500);
    const minutes = await reads.run('audit.perMinute', { minutes: 5 });
    expect(minutes.reduce((n, m) => n + m.allowed, 0)).toBeGreaterThan(0);
  });

  it('passes a refusal back with its code, and starts again after the thread dies', async () => {
    const { dir } = cores.open();
    const reads = workerReads({ dataDir: dir });
    cores.later(() => void reads.close());
    await expect(reads.run('audit.page', { cursor: '1:x' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const first = reads.threadId;
    await reads.close();
    expect((await reads.run('audit.page', { limit: 1 })).events).toEqual([]);
    expect(reads.threadId).not.toBe(first);
  });

  it('falls back to this thread, and says so, when the worker cannot start', async () => {
    const { core, dir } = cores.open();
    bulkRows(core.db, 5, 0);
    const { logger, lines } = memoryLogger('text');
    const reads = workerReads({ dataDir: dir }, logger, { file: join(dir, 'no-such-worker.js'), execArgv: [] });
    cores.later(() => void reads.close());
    expect((await reads.run('audit.page', { limit: 10 })).events).toHaveLength(5);
    expect(lines.at(-1)).toMatch(/the read worker could not start .*admin reads run on the main thread/);
    expect(await reads.run('audit.count', {})).toBe(5);
  });

  it('runs housekeeping there too, with its own write connection', async () => {
    const { core, dir } = cores.open();
    bulkRows(core.db, 300, 100);
    bulkRows(core.db, 10, 0, 'kept');
    const reads = workerReads({ dataDir: dir });
    cores.later(() => void reads.close());
    const report = await reads.run('maintain', { retentionDays: 90 });
    expect(report.removed).toBe(300);
    expect(queryAudit(core.db, { limit: 100 }).events.map((e) => e.server)).toEqual(Array(10).fill('kept'));
  });
});

describe('checkpoints off the relaying thread', () => {
  it('leave the WAL to the read thread, which keeps it from growing', async () => {
    const t = tmpDir();
    const core = openCore({ dataDir: t.dir, masterKeyProviders: envKeyProviders(masterKey()), readThread: true });
    cores.later(() => {
      core.close();
      t.cleanup();
    });
    expect(core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0); // a commit never checkpoints on this thread
    const wal = () => statSync(join(t.dir, 'gatehouse.db-wal')).size;
    const write = (n: number) => bulkRows(core.db, n, 0);
    write(40_000);
    const grown = wal();
    expect(grown).toBeGreaterThan(4 * 1024 * 1024); // past the 1,000 pages where SQLite would have checkpointed
    await core.reads.run('checkpoint', {});
    write(5_000);
    expect(wal()).toBe(grown); // written from its start again, not appended
  });
});

describe('retention', () => {
  it('deletes in bounded batches, and another writer gets the lock in every pause', async () => {
    const { core, dir } = cores.open();
    bulkRows(core.db, 20_000, 100);
    bulkRows(core.db, 50, 1, 'recent');
    const other = openDatabase(dir, { busyTimeoutMs: 0 }); // never waits: a busy database throws
    cores.later(() => other.close());
    let pauses = 0;
    const report = await maintainDatabase(core.db, () => null, {
      retentionDays: 90,
      pause: async () => {
        pauses++;
        other.prepare("INSERT INTO audit_events (ts, action) VALUES (?, 'written between batches')").run(Date.now());
      },
    });
    expect(report.removed).toBe(20_000);
    expect(report.batches).toBeGreaterThan(3);
    expect(report.largestBatch).toBeLessThanOrEqual(5000);
    expect(pauses).toBeGreaterThanOrEqual(report.batches - 1);
    const left = core.db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
    expect(left).toBe(50 + pauses);
  });

  it('gives the freed pages back to the file system and truncates the WAL', async () => {
    const { core, dir } = cores.open();
    expect(core.db.pragma('auto_vacuum', { simple: true })).toBe(2); // a new data dir is incremental
    bulkRows(core.db, 40_000, 100);
    const file = join(dir, 'gatehouse.db');
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    const report = await maintainDatabase(core.db, () => statSync(`${file}-wal`).size, { retentionDays: 90, pause: async () => {} });
    expect(report.removed).toBe(40_000);
    expect(report.vacuumedPages).toBeGreaterThan(0);
    expect(core.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(statSync(file).size).toBeLessThan(before / 4);
    expect(report.walBytesAfter).toBeLessThanOrEqual(WAL_SIZE_LIMIT);
    expect(report.walBytesAfter).toBe(0);
  });

  it('stops between batches when the process closes', async () => {
    const { core } = cores.open();
    bulkRows(core.db, 5000, 100);
    let stop = false;
    const report = await maintainDatabase(core.db, () => null, {
      retentionDays: 90,
      pause: async () => void (stop = true),
      stopped: () => stop,
    });
    expect(report.batches).toBe(1);
    expect(core.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(5000 - report.removed);
  });
});
