import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { KeyRound, Plus } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { useLinkedSearch } from '../../lib/use-linked-search';
import { CreateKeyDialog } from './create-key-dialog';
import { EditKeyDialog } from './edit-key-dialog';
import { KeyDetailsDialog } from './key-details-dialog';
import type { KeyAction } from './keys-search';
import { KeysTable, type KeyActions } from './keys-table';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';
import { useKeyList } from './use-keys';

type Open = { action: KeyAction; key: KeySummary } | null;

/** A link (#/keys?key=…&open=rotate, or ?open=create) opens its dialog once the keys are there. */
function useLinkedDialog(keys: KeySummary[] | undefined, setOpen: (o: Open) => void, setCreating: (c: boolean) => void) {
  const search = useSearch({ from: '/keys' });
  const navigate = useNavigate({ from: '/keys' });
  const clear = useCallback(() => void navigate({ search: {}, replace: true }), [navigate]);
  const { linked, handled } = useLinkedSearch(search, clear);
  useEffect(() => {
    if (!linked?.open || (linked.open !== 'create' && !keys)) return;
    if (linked.open === 'create') setCreating(true);
    else {
      const key = keys?.find((k) => k.id === linked.key);
      if (key) setOpen({ action: linked.open, key });
    }
    handled();
  }, [linked, keys, setOpen, setCreating, handled]);
}

export function KeysPage() {
  const keys = useKeyList();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  useLinkedDialog(keys.data, setOpen, setCreating);
  const actions = useMemo<KeyActions>(
    () => ({
      onDetails: (key) => setOpen({ action: 'details', key }),
      onRotate: (key) => setOpen({ action: 'rotate', key }),
      onRevoke: (key) => setOpen({ action: 'revoke', key }),
    }),
    [],
  );
  const target = (action: KeyAction) => (open?.action === action ? open.key : null);
  const close = () => setOpen(null);
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
      <RotateKeyDialog target={target('rotate')} onClose={close} />
      <RevokeKeyDialog target={target('revoke')} onClose={close} />
      <KeyDetailsDialog target={target('details')} onClose={close} onEdit={(key) => setOpen({ action: 'edit', key })} />
      <EditKeyDialog target={target('edit')} onClose={close} />
    </div>
  );
}
