// The backups of one config file: newest first, each restorable (after a confirm),
// and a prune that keeps the newest few.
import { useState } from 'react';
import { History } from 'lucide-react';
import type { ClientApp, ClientBackup, ClientChange, ClientConfig } from '../../../src-preload/contract';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { InlineConfirm } from '../../components/ui/inline-confirm';
import { RelativeTime } from '../../components/ui/relative-time';
import { errorMessage } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { useApiMutation } from '../../lib/use-api-mutation';
import { useBackups } from './use-clients';

const KEEP = 5;

const reasons: Record<string, string> = {
  protect: 'before protect',
  unprotect: 'before unprotect',
  reapply: 'before re-apply',
  repatch: 'before key update',
  'before-restore': 'before a restore',
};

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export interface BackupsTarget {
  app: ClientApp;
  config: ClientConfig;
}

export function BackupsDialog({
  target,
  onClose,
  onRestored,
}: {
  target: BackupsTarget | null;
  onClose: () => void;
  onRestored: (change: ClientChange, app: ClientApp) => void;
}) {
  const backups = useBackups(target?.app.id ?? '', target?.config.path ?? '', target !== null);
  const restore = useApiMutation('clients.restore');
  const prune = useApiMutation('clients.pruneBackups');
  const now = useNow();
  const [confirming, setConfirming] = useState<ClientBackup | null>(null);
  const [pruning, setPruning] = useState(false);

  function close() {
    restore.reset();
    prune.reset();
    setConfirming(null);
    setPruning(false);
    onClose();
  }

  const list = backups.data ?? [];
  const plural = (n: number) => `${n} ${n === 1 ? 'backup' : 'backups'}`;
  // The newest five stay; with five or fewer, pruning keeps only the newest.
  const keep = list.length > KEEP ? KEEP : 1;
  return (
    <Dialog
      open={target !== null}
      onClose={close}
      title={`Backups of ${target?.app.name ?? ''} config`}
      description={<span className="font-mono text-[12px] break-all">{target?.config.path}</span>}
      width="max-w-2xl"
    >
      <DialogBody className="space-y-3">
        <BackupList backups={backups} now={now} busy={restore.isPending} onRestore={setConfirming} />
        {confirming ? (
          <InlineConfirm
            onCancel={() => setConfirming(null)}
            pending={restore.isPending}
            label="Restore this backup"
            pendingLabel="Restoring…"
            onConfirm={() =>
              restore.mutate({ backupId: confirming.id }, {
                onSuccess: (change) => {
                  if (target) onRestored(change, target.app);
                  setConfirming(null);
                },
              })
            }
          >
            <p>
              Put the file back as it was <RelativeTime iso={confirming.createdAt} now={now} />? Whatever it holds now is backed up
              first, and entries Gatehouse wrote since then are no longer protected.
            </p>
          </InlineConfirm>
        ) : null}
        {restore.isSuccess ? (
          <Alert tone="info" live>
            Restored. {restore.data.restartNotice ?? ''}
          </Alert>
        ) : null}
        {pruning ? (
          <InlineConfirm
            onCancel={() => setPruning(false)}
            variant="danger"
            pending={prune.isPending}
            label={`Delete ${list.length - keep} older`}
            pendingLabel="Deleting…"
            onConfirm={() =>
              target &&
              prune.mutate({ client: target.app.id, configPath: target.config.path, keep }, { onSuccess: () => setPruning(false) })
            }
          >
            Keep the newest {keep === 1 ? 'backup' : `${keep} backups`} and delete the {list.length - keep} older? Deleted backups cannot be restored.
          </InlineConfirm>
        ) : null}
        {prune.isSuccess ? (
          <p className="text-[13px] text-muted" aria-live="polite">
            Deleted {prune.data.removed.length} old {prune.data.removed.length === 1 ? 'backup' : 'backups'}.
          </p>
        ) : null}
        <ErrorAlert error={restore.error ?? prune.error} />
      </DialogBody>
      <DialogFooter>
        {list.length > 1 ? (
          <Button variant="ghost" className="mr-auto text-danger" onClick={() => setPruning(true)}>
            Prune older backups…
          </Button>
        ) : (
          <span className="mr-auto text-[13px] text-muted">{list.length ? plural(list.length) : ''}</span>
        )}
        <Button onClick={close}>Close</Button>
      </DialogFooter>
    </Dialog>
  );
}

/** The backups, newest first, each with Restore; or why there are none to show. */
function BackupList({
  backups,
  now,
  busy,
  onRestore,
}: {
  backups: ReturnType<typeof useBackups>;
  now: number;
  busy: boolean;
  onRestore: (b: ClientBackup) => void;
}) {
  if (backups.isPending) return <p className="text-sm text-muted">Loading backups…</p>;
  if (backups.isError) {
    return (
      <Alert tone="danger" live>
        The backups could not be loaded. {errorMessage(backups.error)}
      </Alert>
    );
  }
  const list = backups.data ?? [];
  if (list.length === 0) {
    return (
      <div className="flex flex-col items-center py-6 text-center">
        <History aria-hidden="true" className="mb-2 size-6 text-muted" />
        <p className="text-sm font-medium">No backups yet</p>
        <p className="text-[13px] text-muted">Gatehouse backs the file up before each change it makes.</p>
      </div>
    );
  }
  return (
    <ul aria-label="Backups" className="divide-y divide-border rounded-md border border-border">
      {list.map((b) => (
        <li key={b.id} aria-label={`Backup ${b.id}`} className="flex items-center gap-3 px-3 py-2 text-sm">
          <span className="min-w-0 flex-1">
            <RelativeTime iso={b.createdAt} now={now} />
            <span className="ml-2 text-[13px] text-muted">
              {size(b.size)} · <span className="font-mono">sha256 {b.sha256.slice(0, 10)}</span>
            </span>
          </span>
          <Badge tone="neutral">{reasons[b.reason] ?? b.reason}</Badge>
          <Button size="sm" onClick={() => onRestore(b)} disabled={busy}>
            Restore
          </Button>
        </li>
      ))}
    </ul>
  );
}
