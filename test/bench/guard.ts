// The guard's cost, each figure against its baseline in the same run: the same minimal
// echo server (test/fixtures/servers/echo.mjs) spoken to directly and through the guard.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestCore, tmpDir } from '../helpers/core';
import { figure, median, percentile, type Bench } from './figures';
import { StdioPeer as Peer } from './stdio-peer';

const ROOT = process.cwd();
const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
const GATEHOUSE = join(ROOT, 'bin/gatehouse');
const CALLS = 2000;
const BLOCK = 250;
const WARMUP = 300;
const STARTS = 7;
/** Calls through the guard (and, beside it, the do-nothing relay) before their memory is read. */
const SUSTAINED_CALLS = 200_000;
const IN_FLIGHT = 8;

export interface Setup {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function setup(): Setup {
  const t = tmpDir('gatehouse-bench-');
  const { core, key } = openTestCore(t.dir);
  core.servers.add({ transport: 'stdio', name: 'echo', command: process.execPath, args: [ECHO], cwd: null, env: {} });
  // A realistic key: a handful of rules, and a rate limit that meters but never trips. At
  // a million per second it is drawn in leases of 1% (one UPSERT per lease, not per call);
  // a limit under 200 per window would add one UPSERT per call, about 30 µs here.
  const created = core.keys.create({
    name: 'bench',
    expiresInSeconds: null,
    rules: [
      { effect: 'allow', pattern: 'echo:*' },
      { effect: 'allow', pattern: 'fs:read_*' },
      { effect: 'deny', pattern: '*:delete_*' },
      { effect: 'deny', pattern: 'echo:env' },
    ],
    rateLimit: { limit: 1_000_000, window: 'second' },
  });
  core.close();
  return {
    dataDir: t.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: key, GATEHOUSE_API_KEY: created.secret },
    cleanup: t.cleanup,
  };
}

const PASSTHROUGH = join(ROOT, 'test/fixtures/servers/passthrough.mjs');
const direct = (s: Setup) => spawn(process.execPath, [ECHO], { env: s.env, stdio: ['pipe', 'pipe', 'pipe'] });
const passthrough = (s: Setup) => spawn(process.execPath, [PASSTHROUGH, process.execPath, ECHO], { env: s.env, stdio: ['pipe', 'pipe', 'pipe'] });
const guarded = (s: Setup) =>
  spawn(process.execPath, [GATEHOUSE, 'guard', '--server', 'echo'], { env: s.env, stdio: ['pipe', 'pipe', 'pipe'] });

const INIT = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } };
const CALL = { name: 'echo', arguments: { message: 'a short message, as most tool calls are' } };

async function handshake(peer: Peer): Promise<void> {
  await peer.request('initialize', INIT);
  peer.proc.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
}

async function roundTrips(peer: Peer, n: number, into: number[] | null): Promise<void> {
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const line = await peer.request('tools/call', CALL);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!line.includes('"result"')) throw new Error(`unexpected answer: ${line.slice(0, 300)}`);
    into?.push(ms);
  }
}

/** Spawn to the answer of the first tools/list, written at once after initialize. */
async function startTime(spawnIt: () => ChildProcessWithoutNullStreams): Promise<number> {
  const start = process.hrtime.bigint();
  const peer = new Peer(spawnIt());
  await handshake(peer);
  const list = await peer.request('tools/list', {});
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!list.includes('"tools"')) throw new Error(`unexpected tools/list answer: ${list.slice(0, 300)}`);
  await peer.close();
  return ms;
}

/** `n` calls, IN_FLIGHT at a time (as a busy client app sends them). */
async function sustained(peer: Peer, n: number): Promise<void> {
  for (let done = 0; done < n; done += IN_FLIGHT) {
    const lines = await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, n - done) }, () => peer.request('tools/call', CALL)));
    if (!lines.every((l) => l.includes('"result"'))) throw new Error(`unexpected answer: ${lines.find((l) => !l.includes('"result"'))!.slice(0, 300)}`);
  }
}

/** Peak RSS, and the anonymous part of RSS now: the memory of this process alone (the node binary's and libraries' pages are shared by every guard). */
function memoryMb(pid: number): { peak: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024;
  return { peak: mb('VmHWM'), anon: mb('RssAnon') };
}

/**
 * guard_added_p50_ms, guard_added_p99_ms and guard_rss_mb; and relay_floor_added_p99_ms:
 * the same figure for a relay that only copies bytes (test/fixtures/servers/passthrough.mjs),
 * what the extra process hop costs on this machine before the guard does anything.
 */
export const guardLatency: Bench = async () => {
  const s = setup();
  const d = new Peer(direct(s));
  const p = new Peer(passthrough(s));
  const g = new Peer(guarded(s));
  try {
    for (const peer of [d, p, g]) {
      await handshake(peer);
      await roundTrips(peer, WARMUP, null);
    }
    // Alternating blocks, so a load spike on the machine hits every side alike.
    const directMs: number[] = [];
    const floorMs: number[] = [];
    const guardMs: number[] = [];
    for (let done = 0; done < CALLS; done += BLOCK) {
      await roundTrips(d, BLOCK, directMs);
      await roundTrips(p, BLOCK, floorMs);
      await roundTrips(g, BLOCK, guardMs);
    }
    // Memory after a long session: what ten protected servers in daily use hold.
    const measured = WARMUP + CALLS;
    await sustained(g, SUSTAINED_CALLS - measured);
    await sustained(p, SUSTAINED_CALLS - measured);
    const guardMem = memoryMb(g.proc.pid!);
    const relayMem = memoryMb(p.proc.pid!);
    for (const ms of [directMs, floorMs, guardMs]) ms.sort((a, b) => a - b);
    const added = (ms: number[], q: number) => percentile(ms, q) - percentile(directMs, q);
    return {
      guard_added_p50_ms: figure(added(guardMs, 50), 'ms', 0.2, 'lower'),
      guard_added_p99_ms: figure(added(guardMs, 99), 'ms', 0.5, 'lower'),
      relay_floor_added_p99_ms: figure(added(floorMs, 99), 'ms', 0.5, 'lower'),
      guard_rss_mb: figure(guardMem.peak, 'MB', 64, 'lower'),
      relay_rss_mb: figure(relayMem.peak, 'MB', 64, 'lower'),
      guard_anon_mb: figure(guardMem.anon, 'MB', 32, 'lower'),
      relay_anon_mb: figure(relayMem.anon, 'MB', 32, 'lower'),
    };
  } finally {
    await Promise.all([d.close(), p.close(), g.close()]);
    s.cleanup();
  }
};

/** guard_start_added_ms: median start-up through the guard minus median start-up direct. */
export const guardStart: Bench = async () => {
  const s = setup();
  try {
    // First runs warm the file cache and the data dir; not counted.
    await startTime(() => direct(s));
    await startTime(() => guarded(s));
    const directMs: number[] = [];
    const guardMs: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      directMs.push(await startTime(() => direct(s)));
      guardMs.push(await startTime(() => guarded(s)));
    }
    return { guard_start_added_ms: figure(median(guardMs) - median(directMs), 'ms', 250, 'lower') };
  } finally {
    s.cleanup();
  }
};
