// `node --import tsx test/bench/guard-memory.ts [CALLS]`: where a guard's memory goes.
// Runs the guard beside the do-nothing relay (and any variants named in GUARD_VARIANTS, a
// JSON object of name → extra environment, e.g. '{"arena2":{"MALLOC_ARENA_MAX":"2"}}', or
// '{"before":{"GATEHOUSE_BIN":"/tmp/old-checkout/bin/gatehouse"}}' for another build),
// sends each the same calls in alternating blocks, and prints each process's resident
// memory (now and peak) and, through a preload that answers SIGUSR2, its V8 heap spaces,
// external memory and array buffers. Needs `npm run build` first (it runs bin/gatehouse).
// Memory is read after 8,000, 52,000 and 200,000 calls (those below CALLS) and at the end.
// A variant's PROBE_V8_FLAGS are set before the guard's own; with PROBE_ONLY_THESE_FLAGS=1
// the guard's are ignored (e.g. '{"before":{"PROBE_ONLY_THESE_FLAGS":"1","PROBE_V8_FLAGS":
// "--heap-growing-percent=20"}}'). PROBE_SNAPSHOT=/tmp/g writes a heap snapshot at each
// reading (/tmp/g.1.heapsnapshot, …) and PROBE_SMAPS=/tmp/s a copy of /proc/self/smaps;
// PROBE_GC_AFTER_MS=1000 (with --expose-gc in PROBE_V8_FLAGS) runs a full collection then.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup } from './guard';
import { StdioPeer } from './stdio-peer';

const ROOT = process.cwd();
const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
const PASSTHROUGH = join(ROOT, 'test/fixtures/servers/passthrough.mjs');
const GATEHOUSE = join(ROOT, 'bin/gatehouse');
const CALLS = Number(process.argv[2] ?? 200_000);
const IN_FLIGHT = 8;
const BLOCK = 4000;
const LATENCY_CALLS = 2000;
const CALL = { name: 'echo', arguments: { message: 'a short message, as most tool calls are' } };

const PROBE = `const fs = require('fs'); const v8 = require('v8');
if (process.env.PROBE_V8_FLAGS) v8.setFlagsFromString(process.env.PROBE_V8_FLAGS);
if (process.env.PROBE_ONLY_THESE_FLAGS) {
  v8.setFlagsFromString = () => {};
  require('module').syncBuiltinESMExports();
}
if (process.env.PROBE_GC_AFTER_MS) setTimeout(() => require('vm').runInNewContext('gc')(), Number(process.env.PROBE_GC_AFTER_MS));
let probes = 0;
process.on('SIGUSR2', () => {
  probes++;
  if (process.env.PROBE_SNAPSHOT) v8.writeHeapSnapshot(process.env.PROBE_SNAPSHOT + '.' + probes + '.heapsnapshot');
  if (process.env.PROBE_SMAPS) fs.writeFileSync(process.env.PROBE_SMAPS + '.' + probes, fs.readFileSync('/proc/self/smaps'));
  const st = fs.readFileSync('/proc/self/status', 'utf8');
  const file = Number(/RssFile:\\s+(\\d+)/.exec(st)[1]) / 1024;
  const mb = (n) => Math.round(n / 104857.6) / 10;
  const mu = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
  fs.writeSync(2, 'PROBE ' + JSON.stringify({ file: Math.round(file * 10) / 10, heapTotal: mb(mu.heapTotal), heapUsed: mb(mu.heapUsed), external: mb(mu.external), arrayBuffers: mb(mu.arrayBuffers), spaces }) + '\\n');
});`;

class Peer extends StdioPeer {
  /** One call at a time, each round trip's milliseconds pushed to `into`. */
  async roundTrips(n: number, into: number[]): Promise<void> {
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      const line = await this.request('tools/call', CALL);
      into.push(performance.now() - start);
      if (!line.includes('"result"')) throw new Error(`unexpected answer: ${line.slice(0, 300)}`);
    }
  }

  async calls(n: number): Promise<void> {
    for (let done = 0; done < n; done += IN_FLIGHT) {
      const lines = await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, n - done) }, () => this.request('tools/call', CALL)));
      const bad = lines.find((l) => !l.includes('"result"'));
      if (bad) throw new Error(`unexpected answer: ${bad.slice(0, 300)}`);
    }
  }

  /** VmRSS and VmHWM, and the probe's figures. */
  async memory(): Promise<Record<string, unknown>> {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = (k: string) => Math.round(Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1]) / 102.4) / 10;
    const at = this.stderr.length;
    this.proc.kill('SIGUSR2');
    for (let i = 0; i < 50 && !this.stderr.slice(at).includes('\n'); i++) await new Promise((r) => setTimeout(r, 20));
    const probe = /PROBE (.*)\n/.exec(this.stderr.slice(at))?.[1];
    return { rss: kb('VmRSS'), peak: kb('VmHWM'), anon: kb('RssAnon'), ...(probe ? JSON.parse(probe) : {}) };
  }
}

// The same data dir, key and echo server as the guard bench (a realistic key: rules and a metering rate limit).
const t = setup();
const probe = join(t.dataDir, 'probe.cjs');
writeFileSync(probe, PROBE);
const env = t.env;
const withProbe = (extra: Record<string, string>) => ({ ...env, ...extra, NODE_OPTIONS: `--require ${probe} ${extra.NODE_OPTIONS ?? ''}` });
const variants: Record<string, Record<string, string>> = { guard: {}, ...JSON.parse(process.env.GUARD_VARIANTS ?? '{}') };

const peers: Record<string, Peer> = {
  direct: new Peer(spawn(process.execPath, [ECHO], { env: withProbe({}), stdio: ['pipe', 'pipe', 'pipe'] })),
  relay: new Peer(spawn(process.execPath, [PASSTHROUGH, process.execPath, ECHO], { env: withProbe({}), stdio: ['pipe', 'pipe', 'pipe'] })),
};
for (const [name, { GATEHOUSE_BIN, ...extra }] of Object.entries(variants)) {
  // GATEHOUSE_BIN: another build's bin/gatehouse (a checkout of the commit before a change).
  const bin = GATEHOUSE_BIN ?? GATEHOUSE;
  peers[name] = new Peer(spawn(process.execPath, [bin, 'guard', '--server', 'echo'], { env: withProbe(extra), stdio: ['pipe', 'pipe', 'pipe'] }));
}
try {
  const seconds: Record<string, number> = {};
  for (const peer of Object.values(peers)) {
    await peer.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
    peer.proc.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  }
  const report: Record<string, unknown> = {};
  // Latency first, in alternating blocks of one call at a time (as test/bench/guard.ts).
  const ms: Record<string, number[]> = {};
  for (const peer of Object.values(peers)) await peer.roundTrips(300, []);
  for (let done = 0; done < LATENCY_CALLS; done += 250) {
    for (const [name, peer] of Object.entries(peers)) await peer.roundTrips(250, (ms[name] ??= []));
  }
  const q = (name: string, p: number) => {
    const sorted = [...ms[name]!].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  };
  for (const name of Object.keys(peers)) {
    if (name === 'direct') continue;
    report[`${name} latency`] = { added_p50_ms: +(q(name, 50) - q('direct', 50)).toFixed(3), added_p99_ms: +(q(name, 99) - q('direct', 99)).toFixed(3) };
  }
  peers.direct!.proc.stdin.end();
  delete peers.direct;
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (const [name, peer] of Object.entries(peers)) {
      const start = performance.now();
      await peer.calls(Math.min(BLOCK, CALLS - done));
      seconds[name] = (seconds[name] ?? 0) + (performance.now() - start) / 1000;
    }
    if ([8000, 52000, 200_000].includes(done + BLOCK) && done + BLOCK < CALLS) {
      for (const [name, peer] of Object.entries(peers)) report[`${name}@${done + BLOCK}`] = await peer.memory();
    }
  }
  for (const [name, peer] of Object.entries(peers)) report[`${name}@${CALLS}`] = { ...(await peer.memory()), callsPerS: Math.round(CALLS / seconds[name]!) };
  for (const [k, v] of Object.entries(report)) process.stdout.write(`${k} ${JSON.stringify(v)}\n`);
} finally {
  await Promise.all(Object.values(peers).map((peer) => peer.close()));
  t.cleanup();
}
