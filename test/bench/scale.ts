// `npm run bench -- scale`: the same figures at 100,000 keys and 5 million audit rows as
// at 10 keys and 10,000 rows, in one run (DESIGN.md "Benchmarks"; issue 14). Opt-in: it
// builds about 2 GB of data and takes a few minutes.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { bulkAudit } from '../helpers/bulk-audit';
import { openTestCore } from '../helpers/core';
import { figure, median, type Bench, type Figure } from './figures';
import { auditRows, buildDataset, withBulkConnection, type Dataset } from './scale-data';
import { gatewayCalls, readyMs, startServe, type Serve } from './scale-serve';
import { keysFirstRowMs } from './scale-ui';

const BIG = { keys: 100_000, rows: 5_000_000, rotation: 20_000 };
const SMALL = { keys: 10, rows: 10_000, rotation: 10 };
const PAGES = 20;
const POLL_MS = 2000;
const STALL_WINDOW_MS = 12_000;
const DAY = 86_400_000;
const MB = 1024 * 1024;
type Figures = Record<string, Figure>;

/** The Audit screen filtered by the busy key: its first page and 19 "Load more" pages after it. */
async function filteredPageMs(serve: Serve, data: Dataset): Promise<number> {
  const times: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < PAGES; i++) {
    const { data: page, ms } = await serve.api<{ nextCursor: string | null }>('audit.query', { principalId: data.busyKey, limit: 100, ...(cursor ? { cursor } : {}) });
    times.push(ms);
    cursor = page.nextCursor ?? undefined;
  }
  return median(times);
}

/** "Last 5 minutes" on a quiet machine: no row in the window. */
async function emptyWindowMs(serve: Serve): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const { data: page, ms } = await serve.api<{ events: unknown[] }>('audit.query', { since: new Date(Date.now() - 5 * 60_000).toISOString(), limit: 100 });
    if (page.events.length) throw new Error('the bench data has rows in the last 5 minutes');
    times.push(ms);
  }
  return median(times);
}

/** What the Audit (live tail, filtered) and Rate limits screens ask every 2 s. */
async function pollScreens(serve: Serve, data: Dataset): Promise<void> {
  await Promise.all([
    serve.api('audit.query', { principalId: data.busyKey, limit: 100 }),
    serve.api('audit.perMinute', { minutes: 60 }),
    serve.api('rate.buckets', { limit: 50 }),
    serve.api('keys.list', { sort: 'name', live: true, limit: 50 }),
    serve.api('oauth.clients.list', { limit: 50 }),
  ]);
}

/** The longest gateway call in a 12 s window, with the two screens polling or not. */
async function longestCallMs(serve: Serve, data: Dataset, screensOpen: boolean): Promise<number> {
  const end = Date.now() + STALL_WINDOW_MS;
  let polling = screensOpen;
  const poller = (async () => {
    while (polling) {
      const next = Date.now() + POLL_MS;
      await pollScreens(serve, data);
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  })();
  const latencies = await gatewayCalls(serve, data.gatewaySecret, () => Date.now() > end);
  polling = false;
  await poller;
  return Math.max(...latencies);
}

async function screenFigures(data: Dataset, suffix: string): Promise<Figures> {
  const serve = await startServe(data.dir, data.masterKey);
  try {
    return {
      [`scale_keys_first_row${suffix}_ms`]: figure(await keysFirstRowMs(serve), 'ms', 2000, 'lower'),
      [`scale_audit_filtered_page${suffix}_ms`]: figure(await filteredPageMs(serve, data), 'ms', 50, 'lower'),
      [`scale_audit_empty_window${suffix}_ms`]: figure(await emptyWindowMs(serve), 'ms', 50, 'lower'),
      // The same window with no screen open: what the machine itself adds, for comparison.
      [`scale_gateway_longest_quiet${suffix}_ms`]: figure(await longestCallMs(serve, data, false), 'ms', 100, 'lower'),
      [`scale_gateway_stall${suffix}_ms`]: figure(await longestCallMs(serve, data, true), 'ms', 100, 'lower'),
    };
  } finally {
    await serve.stop();
  }
}

/**
 * Key checks with `rotation` keys in turn, while another connection commits now and then
 * (a guard's audit rows, every 1,000 checks; a key renamed, every 20,000): what the
 * gateway's cache sees in a busy deployment. Only the checks are timed.
 */
function keyChecksPerSecond(data: Dataset, rotation: number): number {
  const { core } = openTestCore(data.dir, data.masterKey);
  const { core: other } = openTestCore(data.dir, data.masterKey);
  try {
    const secrets = data.secrets.slice(0, rotation);
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      let ns = 0n;
      const n = 100_000;
      for (let done = 0; done < n; done += 1000) {
        const start = process.hrtime.bigint();
        for (let i = done; i < done + 1000; i++) if (!core.keys.verify(secrets[i % secrets.length]!).ok) throw new Error('verification failed');
        ns += process.hrtime.bigint() - start;
        other.audit.record({ action: 'mcp.request', decision: 'allowed' });
        other.audit.flush();
        if (done % 20_000 === 0) other.keys.update(core.keys.list({ limit: 1 }).keys[0]!.id, { name: `renamed ${round}-${done}` });
      }
      rounds.push(n / (Number(ns) / 1e9));
    }
    return median(rounds);
  } finally {
    other.close();
    core.close();
  }
}

function fileMb(path: string): number {
  try {
    return statSync(path).size / MB;
  } catch {
    return 0;
  }
}

/**
 * `serve` ready with 1M audit rows past the retention against the same data dir without
 * them; then, with serve running, how long the batched retention takes, the longest
 * gateway call meanwhile, the WAL's peak size and the file before and after.
 */
async function retentionFigures(): Promise<Figures> {
  const data = buildDataset(SMALL.keys, SMALL.rows);
  try {
    const starts = async () => {
      await readyMs(data.dir, data.masterKey);
      const t: number[] = [];
      for (let i = 0; i < 5; i++) t.push(await readyMs(data.dir, data.masterKey));
      return median(t);
    };
    const without = await starts();
    withBulkConnection(data.dir, (db) => bulkAudit(db, auditRows(1_000_000, SMALL.keys, Date.now() - 100 * DAY)));
    const withOld = await starts();
    const dbFile = join(data.dir, 'gatehouse.db');
    const before = fileMb(dbFile);
    const serve = await startServe(data.dir, data.masterKey);
    const reader = new BetterSqlite3(dbFile, { readonly: true });
    let walPeak = 0;
    const started = Date.now();
    let doneAt = 0;
    const watch = setInterval(() => {
      walPeak = Math.max(walPeak, fileMb(`${dbFile}-wal`));
      if (!doneAt && !reader.prepare('SELECT 1 FROM audit_events WHERE ts < ? LIMIT 1').get(Date.now() - 90 * DAY)) doneAt = Date.now();
    }, 200);
    try {
      const latencies = await gatewayCalls(serve, data.gatewaySecret, () => doneAt > 0 || Date.now() - started > 180_000);
      if (!doneAt) throw new Error('retention did not finish in 3 minutes');
      // Then the vacuum and the checkpoint, which end the run (serve logs it).
      while (!serve.stderr().includes('audit: removed') && Date.now() - started < 240_000) await new Promise((r) => setTimeout(r, 200));
      return {
        scale_serve_ready_ms: figure(without, 'ms', 1500, 'lower'),
        scale_serve_ready_retention_ms: figure(withOld, 'ms', without * 1.5, 'lower'),
        scale_serve_ready_retention_ratio: figure(withOld / without, 'x', 1.5, 'lower'),
        scale_retention_s: figure((doneAt - started) / 1000, 's', 120, 'lower'),
        scale_retention_gateway_stall_ms: figure(Math.max(...latencies), 'ms', 100, 'lower'),
        scale_retention_wal_peak_mb: figure(walPeak, 'MB', 64, 'lower'),
        scale_retention_db_before_mb: figure(before, 'MB', before, 'lower'),
        scale_retention_db_after_mb: figure(fileMb(dbFile), 'MB', before / 2, 'lower'),
      };
    } finally {
      clearInterval(watch);
      reader.close();
      await serve.stop();
    }
  } finally {
    data.cleanup();
  }
}

/** Key checks of both sizes in turn (twice), so a busy spell of the machine hits both alike. */
function keyCheckFigures(small: Dataset, big: Dataset): Figures {
  const smallRuns: number[] = [];
  const bigRuns: number[] = [];
  for (let i = 0; i < 2; i++) {
    smallRuns.push(keyChecksPerSecond(small, SMALL.rotation));
    bigRuns.push(keyChecksPerSecond(big, BIG.rotation));
  }
  return {
    scale_key_verify_rotation_small_per_s: figure(Math.max(...smallRuns), 'per_s', 200_000, 'higher'),
    scale_key_verify_rotation_per_s: figure(Math.max(...bigRuns), 'per_s', 200_000, 'higher'),
  };
}

export const scale: Bench = async () => {
  const out: Figures = {};
  const small = buildDataset(SMALL.keys, SMALL.rows, SMALL.rotation);
  try {
    const big = buildDataset(BIG.keys, BIG.rows, BIG.rotation);
    try {
      Object.assign(out, keyCheckFigures(small, big));
      Object.assign(out, await screenFigures(small, '_small'));
      Object.assign(out, await screenFigures(big, ''));
    } finally {
      big.cleanup();
    }
  } finally {
    small.cleanup();
  }
  Object.assign(out, await retentionFigures());
  return out;
};

/** The figures `scale` yields, for `npm run bench -- NAME`. */
export const scaleFigures = [
  ...['keys_first_row', 'audit_filtered_page', 'audit_empty_window', 'gateway_longest_quiet', 'gateway_stall'].flatMap((n) => [`scale_${n}_small_ms`, `scale_${n}_ms`]),
  'scale_key_verify_rotation_small_per_s',
  'scale_key_verify_rotation_per_s',
  'scale_serve_ready_ms',
  'scale_serve_ready_retention_ms',
  'scale_serve_ready_retention_ratio',
  'scale_retention_s',
  'scale_retention_gateway_stall_ms',
  'scale_retention_wal_peak_mb',
  'scale_retention_db_before_mb',
  'scale_retention_db_after_mb',
];
