import { useMemo, useState } from 'react';
import { KeyRound, Plus } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { errorMessage } from '../../lib/api';
import { CreateKeyDialog } from './create-key-dialog';
import { KeyDetailsDialog } from './key-details-dialog';
import { KeysTable, type KeyActions } from './keys-table';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';
import { useKeyList } from './use-keys';

function EmptyState({ onCreate }: { onCreate: () => void }) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-border-strong px-6 py-14 text-center">
      <KeyRound aria-hidden="true" className="mb-3 size-7 text-muted" />
      <h2 className="text-[15px] font-semibold">No API keys yet</h2>
      <p className="mt-1 max-w-md text-sm text-muted">
        An API key lets an MCP client app such as Claude Desktop call the tools you allow, through Gatehouse. Create
        one, then give it to the app.
      </p>
      <Button variant="primary" className="mt-4" onClick={onCreate}>
        <Plus aria-hidden="true" className="size-4" />
        Create key
      </Button>
    </div>
  );
}

export function KeysPage() {
  const keys = useKeyList();
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<KeySummary | null>(null);
  const [revoking, setRevoking] = useState<KeySummary | null>(null);
  const [viewing, setViewing] = useState<KeySummary | null>(null);

  const actions = useMemo<KeyActions>(
    () => ({ onDetails: setViewing, onRotate: setRotating, onRevoke: setRevoking }),
    [],
  );
  const hasKeys = (keys.data?.length ?? 0) > 0;

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <div className="mb-4 flex items-end justify-between gap-4">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">API keys</h1>
          <p className="text-[13px] text-muted">
            Keys for MCP client apps. Each key may call only the tools its rules allow.
          </p>
        </div>
        {hasKeys ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" className="size-4" />
            Create key
          </Button>
        ) : null}
      </div>

      {keys.isPending ? (
        <p className="py-10 text-center text-sm text-muted" aria-live="polite">
          Loading keys…
        </p>
      ) : keys.isError ? (
        <Alert
          tone="danger"
          live
          action={
            <Button size="sm" onClick={() => void keys.refetch()}>
              Try again
            </Button>
          }
        >
          <p className="font-medium">The keys could not be loaded.</p>
          <p>{errorMessage(keys.error)}</p>
        </Alert>
      ) : hasKeys ? (
        <KeysTable keys={keys.data} actions={actions} />
      ) : (
        <EmptyState onCreate={() => setCreating(true)} />
      )}

      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
      <RotateKeyDialog target={rotating} onClose={() => setRotating(null)} />
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
      <KeyDetailsDialog target={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
