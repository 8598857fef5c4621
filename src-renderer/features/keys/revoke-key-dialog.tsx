import { useState } from 'react';
import type { KeySummary } from '../../../src-preload/contract';
import { ConfirmWrite } from '../../components/ui/confirm-write';
import { Input } from '../../components/ui/field';
import { relative } from '../../lib/dates';
import { useApiMutation } from '../../lib/use-api-mutation';

export function RevokeKeyDialog({ target, onClose }: { target: KeySummary | null; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const revoke = useApiMutation('keys.revoke');
  // A key that has been used asks for its name (UX.md): something out there depends on it.
  const inUse = target?.lastUsedAt != null;
  const confirmed = !inUse || typed.trim() === target?.name;

  return (
    <ConfirmWrite
      target={target}
      mutation={revoke}
      toInput={(k) => ({ id: k.id })}
      onClose={() => {
        setTyped('');
        onClose();
      }}
      action="Revoke"
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      ready={confirmed}
      autoFocusCancel={!inUse}
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
    </ConfirmWrite>
  );
}
