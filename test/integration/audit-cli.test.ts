// `gatehouse audit` at scale: a page and its cursor, and --all streaming a whole range
// (170,000 events) as CSV, JSON and NDJSON, complete and in order, from the built CLI.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { bulkAudit, pick } from '../helpers/bulk-audit';
import { envKeyProviders, masterKey, tmpDir } from '../helpers/core';

const t = tmpDir();
const key = masterKey();
const env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: key };
const ROWS = 170_000;
const BUSY = 'key_busy00000001';
const END = Date.parse('2026-03-01T12:00:00Z');

function gh(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/gatehouse', 'audit', ...args], { env, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 30 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the CLI and counts its stdout's lines as they stream (no 100 MB string in the test). */
function lines(args: string[]): Promise<{ code: number | null; count: number; first: string; last: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/gatehouse', 'audit', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let count = 0;
    let first = '';
    let rest = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop()!;
      if (!first && parts.length) first = parts[0]!;
      count += parts.length;
      if (parts.length) last = parts.at(-1)!;
    });
    let last = '';
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ code, count: count + (rest ? 1 : 0), first, last: rest || last }) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

beforeAll(() => {
  const core = openCore({ dataDir: t.dir, masterKeyProviders: envKeyProviders(key) });
  try {
    // 170,000 events of one busy key among 340,000, a second apart.
    bulkAudit(core.db, { rows: 2 * ROWS, endMs: END, stepMs: 1000, principal: pick([BUSY, 'key_other0000002']), deniedEvery: 10 });
  } finally {
    core.close();
  }
});
afterAll(() => t.cleanup());

describe('gatehouse audit', { timeout: 180_000 }, () => {
  it('prints one page, and the cursor that continues it', () => {
    const first = gh(['--key', BUSY, '--limit', '3', '--json']);
    expect(first.code).toBe(0);
    const page = JSON.parse(first.out) as { events: { id: number; ts: string; principalId: string }[]; nextCursor: string };
    expect(page.events).toHaveLength(3);
    expect(page.events.every((e) => e.principalId === BUSY)).toBe(true);
    const next = JSON.parse(gh(['--key', BUSY, '--limit', '3', '--cursor', page.nextCursor, '--json']).out) as typeof page;
    expect(next.events[0]!.ts < page.events[2]!.ts).toBe(true);
    const table = gh(['--key', BUSY, '--limit', '2']);
    expect(table.out).toMatch(/TIME\s+WHO\s+SERVER/);
    expect(table.err).toContain(`More events: --cursor `);
  });

  it('streams every matching event as CSV with --all: 170,000 rows and the header', async () => {
    const csv = await lines(['--key', BUSY, '--all', '--format', 'csv']);
    expect(csv.first).toBe('id,ts,action,actor,principalType,principalId,principalName,server,tool,method,decision,reason,outcome,latencyMs,arguments\r');
    expect(csv.count).toBe(ROWS + 1);
    // Newest first: the last line is the oldest event of the key.
    expect(csv.last).toContain(new Date(END - (2 * ROWS - 1) * 1000).toISOString());
  });

  it('streams NDJSON and JSON with --all, each a complete document', async () => {
    const nd = await lines(['--key', BUSY, '--all', '--format', 'ndjson', '--decision', 'denied']);
    expect(nd.count).toBe((2 * ROWS) / 10); // every 10th row overall is denied, each one the busy key's (rows alternate)
    expect(JSON.parse(nd.first)).toMatchObject({ principalId: BUSY, decision: 'denied' });
    const json = gh(['--key', BUSY, '--all', '--json', '--since', new Date(END - 20_000).toISOString()]);
    const rows = JSON.parse(json.out) as { principalId: string }[];
    expect(rows).toHaveLength(10);
  });

  it('refuses flags that disagree, naming the fix', () => {
    expect(gh(['--all']).err).toContain('choose --format csv, json or ndjson');
    expect(gh(['--all', '--format', 'csv', '--limit', '5']).err).toContain('leave out --limit and --cursor');
    expect(gh(['--format', 'xml']).err).toContain('--format is one of table, csv, json, ndjson');
    expect(gh(['--limit', '5000']).err).toContain('--limit is a whole number from 1 to 1000');
    expect(gh(['--cursor', 'nope']).err).toContain('not an audit cursor');
  });
});
