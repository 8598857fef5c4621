import { useState } from 'react';
import type { KeySummary } from '../../../src-preload/contract';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { Input } from '../../components/ui/field';
import { relative } from '../../lib/dates';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useApiMutation } from '../../lib/use-api-mutation';

export function RevokeKeyDialog({ target, onClose }: { target: KeySummary | null; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const revoke = useDialogMutation(useApiMutation('keys.revoke'), () => {
    setTyped('');
    onClose();
  });
  // A key that has been used asks for its name (UX.md): something out there depends on it.
  const inUse = target?.lastUsedAt != null;
  const confirmed = !inUse || typed.trim() === target?.name;

  return (
    <ConfirmDialog
      open={target !== null}
      title={`Revoke “${target?.name ?? ''}”?`}
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      {...revoke.confirm}
      confirmDisabled={!target || !confirmed}
      autoFocusCancel={!inUse}
      onConfirm={() => target && confirmed && revoke.run({ id: target.id })}
    >
      <p>
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
          <Input id="revoke-confirm" className="w-full" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
