import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { masterKey, tmpDir } from '../helpers/core';
import { figure, median, type Bench } from './figures';

function startOnce(dataDir: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['bin/gatehouse', 'serve', '--data-dir', dataDir, '--port', '0', '--json'], {
      env: { ...process.env, GATEHOUSE_MASTER_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        JSON.parse(out.split('\n')[0]!);
        child.kill('SIGTERM');
        child.on('close', () => resolve(ms));
      }
    });
    child.on('close', (code) => {
      if (!out.includes('\n')) reject(new Error(`serve exited ${code} before its ready line: ${err}`));
    });
  });
}

/** Spawn of `gatehouse serve` to its --json ready line; median of 7 (first run on an empty dir excluded). */
export const serveReady: Bench = async () => {
  const t = tmpDir('gatehouse-bench-');
  const key = masterKey();
  try {
    await startOnce(t.dir, key);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push(await startOnce(t.dir, key));
    return { serve_ready_ms: figure(median(times), 'ms', 1500, 'lower') };
  } finally {
    t.cleanup();
  }
};

const IDLE_MS = 60_000;

/** `gatehouse serve` idle, one minute after its ready line: its resident memory (VmRSS). */
export const serveRss: Bench = async () => {
  const t = tmpDir('gatehouse-bench-');
  const child = spawn(process.execPath, ['bin/gatehouse', 'serve', '--data-dir', t.dir, '--port', '0', '--json'], {
    env: { ...process.env, GATEHOUSE_MASTER_KEY: masterKey() },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code} before its ready line`)));
    });
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    return { serve_rss_mb: figure(kb / 1024, 'MB', 200, 'lower') };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    t.cleanup();
  }
};
