// Writes a file so that a crash at any moment leaves either the old bytes or the new
// bytes: a temp file in the same folder, fsync, then rename over the target (atomic on
// one file system), then fsync of the folder so the rename itself survives power loss.
// Right before the rename the target is read again: if another program changed it
// since it was read, nothing is written (CONFLICT). The temp file is 0600 while it is
// written (it may hold secrets); it gets the target's mode just before the rename. A
// writer killed mid-write leaves its temp file behind: later writers to the folder, and
// the backup store at start, delete those of processes no longer alive.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GatehouseError } from '../errors';

export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

const TMP_MARK = '.gatehouse-';

export interface AtomicWriteOptions {
  /** SHA-256 of the bytes the new content was computed from; null: the file did not exist. */
  expectedHash?: string | null;
  /** File mode for a new file; an existing file keeps its own. */
  mode?: number;
  /** Test hook: runs after the temp file is durable and before the target is checked and replaced. */
  beforeRename?: () => void;
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// `.<base>.gatehouse-<pid>-<hex>.tmp`
const TMP_NAME = /^\..+\.gatehouse-(\d+)-[0-9a-f]+\.tmp$/;

/** Removes temp files in `dir` left by writers that died before their rename (of `base` only, when given). */
export function sweepTempFiles(dir: string, base?: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TMP_NAME.exec(name);
    if (!m || (base !== undefined && !name.startsWith(`.${base}${TMP_MARK}`))) continue;
    const pid = Number(m[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // Another writer swept it first.
      }
    }
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; its rename is already durable enough.
  }
}

export function writeFileAtomic(file: string, content: Buffer | string, opts: AtomicWriteOptions = {}): void {
  const dir = dirname(file);
  const base = basename(file);
  sweepTempFiles(dir, base);
  let mode = opts.mode ?? 0o600;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    // A new file.
  }
  const tmp = join(dir, `.${base}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    // The mode the file keeps (the target's, or the one asked for), set once the bytes are whole.
    if (mode !== 0o600) fchmodSync(fd, mode);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    opts.beforeRename?.();
    if (opts.expectedHash !== undefined) {
      const now = readOrNull(file);
      const nowHash = now === null ? null : sha256(now);
      if (nowHash !== opts.expectedHash) {
        throw new GatehouseError(
          'CONFLICT',
          `${file} was changed by another program while Gatehouse was editing it; nothing was written. Try again.`,
        );
      }
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
    throw e;
  }
  fsyncDir(dir);
}
