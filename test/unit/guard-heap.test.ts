// The guard's V8 flags (issue 14): V8 ignores a flag it does not know without a word, so a
// Node upgrade that renamed one would silently give the guard its memory growth back.
// Each flag is checked as this Node knows it, and their effect on an old generation that
// fills with objects that live a little while (as messages in flight and queued audit rows do).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUARD_V8_FLAGS } from '../../src-main/cli/guard-command';

/** Keeps about 8 MB live, churns 100 MB of objects that each survive a few scavenges, and prints the old space's largest size in MB. */
const CHURN = `
const v8 = require('node:v8');
const flags = JSON.parse(process.argv[1]);
for (const f of flags) v8.setFlagsFromString(f);
const live = Array.from({ length: 80_000 }, (_, i) => ({ i, s: 'live ' + i, a: [i, i + 1, i + 2] }));
const window = new Array(4096);
let most = 0;
for (let n = 0; n < 1_000_000; n++) {
  window[n & 4095] = { n, s: 'message ' + n, a: [n, n, n, n] };
  if ((n & 16383) === 0) {
    const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
    most = Math.max(most, old.space_size);
  }
}
process.stdout.write(String(most / 1048576) + ' ' + live.length);
`;

function oldSpaceMb(flags: string[]): number {
  const run = spawnSync(process.execPath, ['-e', CHURN, JSON.stringify(flags)], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout.split(' ')[0]);
}

describe('the guard keeps its heap small', () => {
  it('names only flags this Node knows', () => {
    const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(GUARD_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of GUARD_V8_FLAGS) {
      // `--no-X` turns off the boolean `--X`.
      const name = flag.replace(/^--(no-)?/, '').replace(/=.*/, '');
      expect(known, flag).toContain(`--${name} `);
    }
  });

  it('collects the old generation before it holds far more than its live objects', () => {
    // Against the young generation kept small alone: what crosses a scavenge is promoted.
    const youngOnly = oldSpaceMb(GUARD_V8_FLAGS.filter((f) => f.startsWith('--semi-space')));
    const guard = oldSpaceMb(GUARD_V8_FLAGS);
    expect(guard).toBeLessThan(youngOnly * 0.75);
  });
});

/** The files a module loads at start: its static imports (not `await import`), followed through the repo. */
function staticImports(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^\s*(?:import|export)\s(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
    seen.set(file, specs);
    for (const spec of specs) {
      if (!spec.startsWith('.')) continue;
      const base = resolve(dirname(file), spec);
      const found = [`${base}.ts`, `${base}/index.ts`, base].find((f) => existsSync(f) && f.endsWith('.ts'));
      if (found) visit(found);
    }
  };
  visit(entry);
  return seen;
}

/** Runs a function hot under the flags and prints V8's optimization status bits for it. */
const HOT = `
const v8 = require('node:v8');
for (const f of JSON.parse(process.argv[1])) v8.setFlagsFromString(f);
function sum(s) { let n = 0; for (let i = 0; i < s.length; i++) n += s.charCodeAt(i); return n; }
let t = 0;
for (let i = 0; i < 300_000; i++) t += sum('a message ' + (i & 7));
process.stdout.write(String(%GetOptimizationStatus(sum)) + ' ' + t);
`;

function optimized(flags: string[]): boolean {
  // Optimized on this thread, not a background one: the status is final when it is read.
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '-e', HOT, JSON.stringify(flags)], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  // V8's OptimizationStatus: bit 4 is "optimized" (by TurboFan here: Node 22 has Maglev off).
  return (Number(run.stdout.split(' ')[0]) & (1 << 4)) !== 0;
}

describe('the guard leaves the optimizing compiler out (about 6 MB of RSS in every guard)', () => {
  it('optimizes a hot function without the flags, and not with them', () => {
    expect(optimized([])).toBe(true);
    expect(optimized(GUARD_V8_FLAGS)).toBe(false);
  });
});

describe('what a guard process loads', () => {
  const graph = staticImports(resolve('src-main/guard/index.ts'));

  it('follows the guard into the core', () => {
    expect([...graph.keys()].some((f) => f.endsWith('src-main/core/index.ts'))).toBe(true);
    expect([...graph.keys()].some((f) => f.endsWith('src-main/core/mcp/relay.ts'))).toBe(true);
  });

  it('loads no zod (the admin API contract is for the app and serve: about 3 MB of heap in every guard)', () => {
    const withZod = [...graph].filter(([, specs]) => specs.includes('zod')).map(([f]) => f);
    expect(withZod).toEqual([]);
  });

  it('loads the remote-server client (HTTP, TLS, server-sent events) only for a remote server', () => {
    const remote = [...graph.keys()].filter((f) => /src-main\/core\/mcp\/(upstream|remote[^/]*)\.ts$/.test(f));
    expect(remote).toEqual([]);
    expect(readFileSync(resolve('src-main/guard/server.ts'), 'utf8')).toContain("await import('../core/mcp/upstream')");
  });
});
