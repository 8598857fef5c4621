// After a rotation: the client configs that launch the guard with this key still hold
// the old secret. Offer to write the new one into each (clients.repatchKey).
import { RefreshCw } from 'lucide-react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { errorMessage } from '../../lib/api';
import { useApiMutation } from '../../lib/use-api-mutation';
import { configCount, entriesUsingKey, useClientList } from '../client-apps/use-clients';

export function RepatchOffer({ keyId, graceSeconds, onDone }: { keyId: string; graceSeconds: number; onDone?: () => void }) {
  const clients = useClientList();
  const repatch = useApiMutation('clients.repatchKey');
  const entries = entriesUsingKey(clients.data, keyId);
  const n = configCount(entries);
  if (clients.isPending || n === 0) return null;

  const appNames = [...new Set(entries.map((e) => e.app))];
  const apps = appNames.join(', ');
  const configs = `${n} client ${n === 1 ? 'config' : 'configs'}`;
  if (repatch.isSuccess) {
    const r = repatch.data;
    const notices = [...new Set(r.changes.map((c) => c.restartNotice).filter(Boolean))].join(' ');
    return (
      <div className="px-5 pt-4" role="status">
        {r.errors.length ? (
          <Alert tone="danger">
            Updated {r.changes.length} of {r.changes.length + r.errors.length}.{' '}
            {r.errors.map((e) => `${e.path}: ${e.message}`).join(' ')}
          </Alert>
        ) : (
          <Alert tone="info">
            Updated {configs} with the new key. {notices}
          </Alert>
        )}
      </div>
    );
  }
  return (
    <div className="px-5 pt-4">
      <Alert
        tone="warning"
        action={
          <Button size="sm" variant="primary" onClick={() => repatch.mutate({ keyId }, { onSuccess: (r) => (r.errors.length ? undefined : onDone?.()) })} disabled={repatch.isPending}>
            <RefreshCw aria-hidden="true" className={repatch.isPending ? 'size-3.5 animate-spin' : 'size-3.5'} />
            {repatch.isPending ? 'Updating…' : `Update ${configs}`}
          </Button>
        }
      >
        <p>
          {apps} {appNames.length === 1 ? 'uses' : 'use'} this key in {configs}
          {graceSeconds === 0 ? ' and lost access just now' : ', still with the old secret'}. Write the new one there?
        </p>
        {repatch.isError ? <p className="mt-1 text-danger">{errorMessage(repatch.error)}</p> : null}
      </Alert>
    </div>
  );
}
