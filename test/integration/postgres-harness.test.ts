// The test harness's own promise: a PostgreSQL server it starts is stopped and its temp
// dir removed when the test process exits, is interrupted (SIGINT, SIGTERM), or was
// killed outright (then by the next harness that starts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../helpers/postgres';

interface Child {
  dir: string;
  port: number;
  postmaster: number;
  exited: Promise<number | null>;
  kill(sig: NodeJS.Signals): void;
}

function startChild(arg = ''): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/workers/pg-harness-child.ts', arg], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ ...JSON.parse(out), exited, kill: (sig: NodeJS.Signals) => child.kill(sig) });
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`the child exited ${code} before starting a server: ${err}`));
    });
  });
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** pg_ctl returns once the server removed its pid file; the process itself ends a moment later. */
async function ended(pid: number): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return !running(pid);
}

describe('the PostgreSQL test harness', { timeout: 120_000 }, () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops the server and removes its dir when the test process gets ${sig}`, async () => {
      const c = await startChild();
      expect(running(c.postmaster)).toBe(true);
      c.kill(sig);
      await c.exited;
      expect(await ended(c.postmaster)).toBe(true);
      expect(existsSync(c.dir)).toBe(false);
    });
  }

  it('stops the server when the test process exits without stopping it', async () => {
    const c = await startChild('exit');
    expect(await c.exited).toBe(0);
    expect(await ended(c.postmaster)).toBe(true);
    expect(existsSync(c.dir)).toBe(false);
  });

  it('stops a server whose test process was killed outright, the next time a harness starts', async () => {
    const c = await startChild();
    c.kill('SIGKILL');
    await c.exited;
    // Nothing in the killed process could clean up: the server is still there.
    expect(running(c.postmaster)).toBe(true);
    const next = await startPostgres();
    next.stop();
    expect(await ended(c.postmaster)).toBe(true);
    expect(existsSync(c.dir)).toBe(false);
  });
});
