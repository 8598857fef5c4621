// Real resource failures for the tests of issue 11's observation 10: a small tmpfs to fill
// up, a read-only bind mount of a data dir, the CLI run as another user, and a second
// SQLite connection that holds the write lock. Mounting needs root (CAP_SYS_ADMIN); where
// it is impossible, `mountProblem` says why and the tests that need it are skipped.
import { execFile, execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GATEHOUSE } from './guard-harness';

export interface Mount {
  dir: string;
  unmount(): void;
}

/** Why a tmpfs cannot be mounted here, or null when it can (tried once, at load). */
export const mountProblem: string | null = (() => {
  try {
    const m = mountTmpfs(1);
    m.unmount();
    return null;
  } catch (e) {
    return `a tmpfs cannot be mounted here (${(e as Error).message.split('\n')[0]}); these tests need root with CAP_SYS_ADMIN`;
  }
})();

export function mountTmpfs(sizeMb: number): Mount {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A read-only view of `dir` at a new path (a read-only bind mount): writes there get EROFS. */
export function readOnlyView(dir: string): Mount {
  const view = mkdtempSync(join(tmpdir(), 'gatehouse-ro-'));
  execFileSync('mount', ['--bind', dir, view], { stdio: 'pipe' });
  execFileSync('mount', ['-o', 'remount,bind,ro', view], { stdio: 'pipe' });
  return {
    dir: view,
    unmount: () => {
      execFileSync('umount', ['-l', view], { stdio: 'pipe' });
      rmSync(view, { recursive: true, force: true });
    },
  };
}

/** Fills the file system holding `dir` until it answers ENOSPC; returns how to free it again. */
export function fillDisk(dir: string): () => void {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  // The last few free bytes too, so nothing is left for SQLite.
  try {
    for (;;) writeSync(fd, block, 0, 512);
  } catch {
    // ENOSPC again: full.
  }
  closeSync(fd);
  return () => unlinkSync(file);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The `--json` error on stderr, when there is one. */
  error: { code: string; message: string } | null;
}

/** The CLI, asynchronously (a busy database makes it wait seconds), with `--json`. */
export function cli(args: string[], env: NodeJS.ProcessEnv, opts: { uid?: number; gid?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [GATEHOUSE, ...args, '--json'], { env, encoding: 'utf8', ...opts }, (e, stdout, stderr) => {
      let error: CliResult['error'] = null;
      try {
        error = (JSON.parse(stderr.trim().split('\n').at(-1) ?? '') as { error: CliResult['error'] }).error;
      } catch {
        // Not a JSON error line.
      }
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr, error });
    });
  });
}

/** PRAGMA integrity_check of a data dir's database, read by a connection of its own. */
export function integrity(dataDir: string): string {
  const db = new Database(join(dataDir, 'gatehouse.db'), { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/**
 * Moves every committed page into the database file and empties the WAL, so the next
 * write must grow it (on a full disk, it cannot). Other connections must be idle.
 */
export function truncateWal(dataDir: string): void {
  const db = new Database(join(dataDir, 'gatehouse.db'));
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r?.busy) throw new Error('the WAL could not be truncated: a connection is busy');
  } finally {
    db.close();
  }
}

export function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
