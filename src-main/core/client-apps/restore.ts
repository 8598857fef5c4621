// Restore: a backup's bytes back, byte for byte (checksum verified), the current bytes
// backed up first, even when they do not parse (a good backup may replace a broken
// file). The result names what the restore changed outside Gatehouse's own entries
// (settings, other servers), and the file is read back: a restore that did not land as
// the backup's exact bytes is an error.
import { readFileSync } from 'node:fs';
import { GatehouseError } from '../errors';
import { sha256, writeFileAtomic } from './atomic-write';
import type { BackupRecord, BackupStore } from './backups';
import { parseConfig } from './config-doc';
import { changedOutside } from './lossless';
import { entryHash, type EntryRecords } from './records';
import { realPathOf, type Target } from './target';

export interface RestoreDeps {
  backups: BackupStore;
  records: EntryRecords;
  target: (input: { client: string; configPath?: string }) => Target;
  beforeRename?: (path: string) => void;
}

export interface Restored {
  target: Target;
  id: string;
  changed: boolean;
  backup: BackupRecord | null;
  alsoChanged: string[];
}

export function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new GatehouseError('CONFIG_INVALID', `cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The backup to restore: the one named, or the newest of the client's config. */
function backupIdOf(input: { backupId?: string; client?: string; configPath?: string }, deps: RestoreDeps): string {
  if (input.backupId) return input.backupId;
  if (!input.client) throw new GatehouseError('INVALID_INPUT', 'give a backup id, or a client to restore its newest backup');
  const target = deps.target({ client: input.client, configPath: input.configPath });
  const id = deps.backups.list({ client: target.def.id, configPath: target.path })[0]?.id;
  if (!id) throw new GatehouseError('NOT_FOUND', `no backups of ${target.path} yet`);
  return id;
}

/** Gatehouse's own entries in this config: their changes are what a restore is for. */
function ownEntries(target: Target, records: EntryRecords): string[] {
  return records.list({ client: target.def.id, configPath: target.path }).map((r) => r.server);
}

export function restoreBackup(input: { backupId?: string; client?: string; configPath?: string }, deps: RestoreDeps): Restored {
  const id = backupIdOf(input, deps);
  const { record, bytes } = deps.backups.read(id);
  const target = deps.target({ client: record.client, configPath: record.configPath });
  const now = readOrNull(target.path);
  const changed = !now || !now.equals(bytes);
  const shape = { format: target.def.format, serversKey: target.def.serversKey, path: target.path };
  const alsoChanged = now ? changedOutside(now.toString('utf8'), bytes.toString('utf8'), shape, ownEntries(target, deps.records)) : [];
  let backup: BackupRecord | null = null;
  if (changed) {
    backup = now ? deps.backups.take(target.def.id, target.path, now, 'before-restore') : null;
    writeFileAtomic(realPathOf(target.path), bytes, {
      expectedHash: now ? sha256(now) : null,
      beforeRename: deps.beforeRename ? () => deps.beforeRename!(target.path) : undefined,
    });
    const landed = readOrNull(target.path);
    if (!landed || !landed.equals(bytes)) {
      throw new GatehouseError('CONFLICT', `${target.path} does not hold the restored bytes after the write (another program wrote it); restore again`);
    }
  }
  reconcile(target, bytes.toString('utf8'), deps.records);
  return { target, id, changed, backup, alsoChanged };
}

/** After a restore the file decides: records whose entry is no longer Gatehouse's are dropped. */
function reconcile(target: Target, text: string, records: EntryRecords): void {
  let entries: Record<string, unknown> = {};
  try {
    entries = parseConfig(text, { format: target.def.format, serversKey: target.def.serversKey, path: target.path }).entries();
  } catch {
    // An unparsable backup: nothing of ours is in it.
  }
  for (const r of records.list({ client: target.def.id, configPath: target.path })) {
    const entry = entries[r.server];
    if (entry === undefined || !r.writtenHash || entryHash(entry) !== r.writtenHash) records.delete(r.client, r.configPath, r.server);
  }
}
