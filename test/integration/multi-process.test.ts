import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { envKeyProviders, masterKey, tmpDir } from '../helpers/core';

interface WorkerResult {
  worker: string;
  created: string[];
  rotations: Record<string, number>;
  verified: number;
  errors: string[];
}

function runWorker(dataDir: string, ms: number, worker: number, key: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/workers/key-churn.ts', dataDir, String(ms), String(worker)],
      { env: { ...process.env, GATEHOUSE_MASTER_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker ${worker} exited ${code}: ${err}`));
      resolve(JSON.parse(out) as WorkerResult);
    });
  });
}

describe('several processes on one data dir', () => {
  it('four processes create, rotate and verify keys for 10 s: no SQLITE_BUSY, no lost write', async () => {
    const t = tmpDir();
    const key = masterKey();
    try {
      // Started together on an empty dir: they also race to create the schema and the vault.
      const results = await Promise.all([1, 2, 3, 4].map((w) => runWorker(t.dir, 10_000, w, key)));
      for (const r of results) expect(r.errors).toEqual([]);
      const core = openCore({ dataDir: t.dir, masterKeyProviders: envKeyProviders(key) });
      try {
        const created = results.flatMap((r) => r.created);
        expect(created.length).toBeGreaterThan(40);
        expect(results.reduce((n, r) => n + r.verified, 0)).toBeGreaterThan(40);
        const stored = new Map<string, unknown>();
        let cursor: string | undefined;
        do {
          const page = core.keys.list({ limit: 500, ...(cursor ? { cursor } : {}) });
          for (const k of page.keys) stored.set(k.id, k);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(stored.size).toBe(created.length);
        for (const r of results) {
          for (const [id, n] of Object.entries(r.rotations)) {
            // Every rotation added exactly one secret: none lost, none doubled.
            expect(core.keys.get(id).secrets.length).toBe(n + 1);
          }
        }
      } finally {
        core.close();
      }
    } finally {
      t.cleanup();
    }
  }, 60_000);
});
