import { useState } from 'react';
import type { KeySummary } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { Input } from '../../components/ui/field';
import { errorMessage } from '../../lib/api';
import { relative } from '../../lib/dates';
import { useRevokeKey } from './use-keys';

export function RevokeKeyDialog({ target, onClose }: { target: KeySummary | null; onClose: () => void }) {
  const revoke = useRevokeKey();
  const [typed, setTyped] = useState('');
  // A key that has been used asks for its name (UX.md): something out there depends on it.
  const inUse = target?.lastUsedAt != null;
  const confirmed = !inUse || typed.trim() === target?.name;

  function close() {
    revoke.reset();
    setTyped('');
    onClose();
  }

  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : close())}
      title={`Revoke “${target?.name ?? ''}”?`}
      width="max-w-md"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (target && confirmed) revoke.mutate(target.id, { onSuccess: close });
        }}
      >
        <DialogBody className="space-y-3">
          <p className="text-sm">
            Anything using this key loses access immediately.
            {target?.status === 'rotating' ? ' The old secret still in its grace period stops working too.' : ''} This
            cannot be undone.
          </p>
          {inUse && target?.lastUsedAt ? (
            <div>
              <label htmlFor="revoke-confirm" className="mb-1 block text-[13px]">
                This key was last used {relative(target.lastUsedAt)}. Type its name, <strong>{target.name}</strong>, to
                confirm.
              </label>
              <Input
                id="revoke-confirm"
                className="w-full"
                autoComplete="off"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </div>
          ) : null}
          {revoke.isError ? (
            <Alert tone="danger" live>
              {errorMessage(revoke.error)}
            </Alert>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <Button onClick={close} autoFocus={!inUse}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={revoke.isPending || !target || !confirmed}>
            {revoke.isPending ? 'Revoking…' : 'Revoke key'}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
