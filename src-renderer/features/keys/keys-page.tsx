import { useMemo, useState } from 'react';
import { KeyRound, Plus } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { CreateKeyDialog } from './create-key-dialog';
import { KeyDetailsDialog } from './key-details-dialog';
import { KeysTable, type KeyActions } from './keys-table';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';
import { useKeyList } from './use-keys';

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
  const createButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden="true" className="size-4" />
      Create key
    </Button>
  );

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <PageHeader
        title="API keys"
        description="Keys for MCP client apps. Each key may call only the tools its rules allow."
        actions={hasKeys ? createButton : undefined}
      />

      {keys.isPending ? (
        <Loading>Loading keys…</Loading>
      ) : keys.isError ? (
        <LoadError what="The keys" error={keys.error} onRetry={() => void keys.refetch()} />
      ) : hasKeys ? (
        <KeysTable keys={keys.data} actions={actions} />
      ) : (
        <EmptyState icon={KeyRound} title="No API keys yet" actions={createButton}>
          An API key lets an MCP client app such as Claude Desktop call the tools you allow, through Gatehouse. Create
          one, then give it to the app.
        </EmptyState>
      )}

      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
      <RotateKeyDialog target={rotating} onClose={() => setRotating(null)} />
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
      <KeyDetailsDialog target={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
