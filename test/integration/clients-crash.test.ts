// Crash safety of config writes: workers protect/unprotect a Claude Desktop config in a
// loop and are killed with SIGKILL at random moments, 200 times in all. After every kill
// the config is exactly the original bytes or the protected bytes, never partial, and
// there are at least as many verified backups as completed writes. Backups are sealed:
// no backup, and no temp file a kill left behind, holds the config's secrets in the
// clear; temp files are 0600 and gone once the backup store starts again.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { createClientAppService } from '../../src-main/core/client-apps';
import type { BackupStore } from '../../src-main/core/client-apps/backups';
import { masterKey, openTestCore, tmpDir } from '../helpers/core';
import { FIXTURES } from '../helpers/clients';

// The secret in the fixture's env: it must never be in a data dir file in the clear.
const SECRET = 'ghp_exampleexampleexampleexample0000';

const KILLS = 200;
const LANES = 3;
// The worker is bundled once (esbuild, which tsx itself uses) and run with plain node: under
// `node --import tsx` each of the 200 start-ups costs over a second of loader hooks on this
// 2-core machine. The bundle sits under node_modules so its packages resolve as usual.
const WORKER_SRC = 'test/integration/workers/clients-patch-loop.ts';
// One bundle per checkout: two checkouts that share an install must not run each other's code.
const WORKER = `node_modules/.cache/gatehouse-test/${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}/clients-patch-loop.mjs`;

beforeAll(async () => {
  // Native modules, jsonc-parser's UMD build and synckit (the PostgreSQL store's bridge, which
  // requires node built-ins at run time) stay external; the rest is bundled (loading zod's
  // many ES modules dominates start-up).
  await build({
    entryPoints: [WORKER_SRC],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3', '@napi-rs/keyring', 'jsonc-parser', 'synckit'],
    outfile: WORKER,
    logLevel: 'error',
  });
});

interface Lane {
  dataDir: string;
  config: string;
  log: string;
  keyId: string;
  key: string;
  apiKey: string;
}

function setupLane(root: string, i: number): Lane {
  const dir = join(root, `lane${i}`);
  const cfgDir = join(dir, 'Claude');
  mkdirSync(cfgDir, { recursive: true });
  const config = join(cfgDir, 'claude_desktop_config.json');
  copyFileSync(join(FIXTURES, 'claude_desktop_config.basic.json'), config);
  const key = masterKey();
  const { core } = openTestCore(join(dir, 'data'), key);
  const created = core.keys.create({ name: `lane ${i}`, expiresInSeconds: null, rules: [], rateLimit: null });
  core.close();
  const log = join(dir, 'writes.log');
  writeFileSync(log, '');
  return { dataDir: join(dir, 'data'), config, log, keyId: created.key.id, key, apiKey: created.secret };
}

/** Runs the worker until it is killed or ends; resolves with the ms from its `ready` to its exit. */
function runWorker(lane: Lane, opts: { killAfterMs?: number; once?: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    let readyAt = Date.now();
    const child = spawn(
      process.execPath,
      [WORKER, lane.dataDir, lane.config, lane.keyId, lane.log],
      { env: { ...process.env, GATEHOUSE_MASTER_KEY: lane.key, ...(opts.once ? { ONCE: '1' } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    // Never left running, whatever happens to the test.
    const safety = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('ready')) return;
      readyAt = Date.now();
      if (opts.killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(safety);
      if (signal === 'SIGKILL' || code === 0) resolve(Date.now() - readyAt);
      else reject(new Error(`worker exited with ${code}: ${stderr}`));
    });
  });
}

/** Backups already verified, so each check reads only the new ones. */
const verified = new Set<string>();

/** The lane's data dir opened as the test's own process: it reads and opens the sealed backups. */
const readers = new Map<Lane, { core: Core; backups: BackupStore }>();
function reader(lane: Lane): { core: Core; backups: BackupStore } {
  let r = readers.get(lane);
  if (!r) {
    const { core } = openTestCore(lane.dataDir, lane.key);
    r = { core, backups: createClientAppService(core).backups };
    readers.set(lane, r);
  }
  return r;
}

/** Files of a backup folder already checked (a backup never changes once written). */
const seenFiles = new Set<string>();

/** Whatever a kill left in the backup folder: any temp file is 0600, and no file holds a secret in the clear. */
function checkBackupFolder(lane: Lane): void {
  const dir = join(lane.dataDir, 'backups', 'claude-desktop');
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (seenFiles.has(file)) continue;
    // A temp file may still grow until its writer is gone: only whole backups are remembered.
    if (!name.includes('.gatehouse-')) seenFiles.add(file);
    const bytes = readFileSync(file);
    for (const secret of [SECRET, lane.apiKey]) expect(bytes.includes(secret), `${name} holds a secret in the clear`).toBe(false);
    if (name.includes('.gatehouse-')) expect(statSync(file).mode & 0o777, `${name} is 0600`).toBe(0o600);
  }
}

function check(lane: Lane, states: Buffer[]): { writes: number; backups: number } {
  const now = readFileSync(lane.config);
  expect(states.some((s) => s.equals(now)), 'the config is the old or the new bytes').toBe(true);
  const writes = readFileSync(lane.log, 'utf8').split('\n').filter(Boolean).length;
  checkBackupFolder(lane);
  const { backups } = reader(lane);
  const rows = backups.list();
  for (const r of rows) {
    if (verified.has(r.id)) continue;
    verified.add(r.id);
    const { bytes } = backups.read(r.id); // opened and checked against its SHA-256
    expect(states.some((s) => s.equals(bytes)), 'a backup holds a whole config').toBe(true);
  }
  expect(rows.length).toBeGreaterThanOrEqual(writes);
  return { writes, backups: rows.length };
}

describe('crash safety', () => {
  it(`SIGKILL at random moments, ${KILLS} times: the config is always old or new bytes, with a backup per write`, async () => {
    const { dir, cleanup } = tmpDir('gatehouse-crash-');
    try {
      const lanes = Array.from({ length: LANES }, (_, i) => setupLane(dir, i));
      const original = readFileSync(lanes[0]!.config);
      // One clean cycle shows the protected bytes (the same in every lane but for the key).
      const protectedOf = new Map<Lane, Buffer>();
      // Kills land within one and a half clean cycles of the worker's start, however slow
      // this machine is right now: a fixed window lands before the first write when loaded.
      let cycleMs = 0;
      for (const lane of lanes) {
        cycleMs = Math.max(cycleMs, await runWorker({ ...lane, log: join(dir, 'scratch.log') }, { once: true }));
        expect(readFileSync(lane.config).equals(original)).toBe(true);
        const { backups } = reader(lane);
        protectedOf.set(lane, backups.read(backups.list()[0]!.id).bytes);
      }
      let kills = 0;
      let totalWrites = 0;
      await Promise.all(
        lanes.map(async (lane) => {
          const states = [original, protectedOf.get(lane)!];
          while (kills < KILLS) {
            kills++;
            const t0 = Date.now();
            await runWorker(lane, { killAfterMs: Math.floor(Math.random() * Math.max(120, cycleMs * 1.5)) });
            const leftovers = readdirSync(join(lane.config, '..')).filter((n) => n !== 'claude_desktop_config.json');
            expect(leftovers.every((n) => n.includes('.gatehouse-'))).toBe(true);
            const t1 = Date.now();
            const c = check(lane, states);
            if (process.env.CRASH_DEBUG) console.error(`kill ${kills}: worker ${t1 - t0} ms, check ${Date.now() - t1} ms, writes ${c.writes}`);
          }
          totalWrites += check(lane, states).writes;
        }),
      );
      expect(kills).toBeGreaterThanOrEqual(KILLS);
      // The kills landed while writes were happening, not only before the first one.
      expect(totalWrites).toBeGreaterThan(KILLS / 4);
      // A start sweeps what the kills left: no temp file remains in any backup folder.
      for (const lane of lanes) {
        createClientAppService(reader(lane).core);
        expect(readdirSync(join(lane.dataDir, 'backups', 'claude-desktop')).filter((n) => n.includes('.gatehouse-'))).toEqual([]);
      }
    } finally {
      for (const r of readers.values()) r.core.close();
      readers.clear();
      cleanup();
      rmSync(WORKER, { force: true });
    }
  }, 240_000);
});
