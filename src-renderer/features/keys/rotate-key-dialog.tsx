import { useState } from 'react';
import type { KeySummary } from '../../../src-preload/contract';
import { Dialog, DialogForm } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { DEFAULT_GRACE, graceChoices } from './choices';
import { NewKeySecretDialog } from './new-key-secret';
import { RepatchOffer } from './repatch-offer';
import { useApiMutation } from '../../lib/use-api-mutation';

/** Roll a key: a new secret now, the old one alive for the chosen grace. */
export function RotateKeyDialog({ target, onClose }: { target: KeySummary | null; onClose: () => void }) {
  const rotate = useApiMutation('keys.rotate');
  const [grace, setGrace] = useState<number>(DEFAULT_GRACE);
  const { close } = useDialogMutation(rotate, () => {
    setGrace(DEFAULT_GRACE);
    onClose();
  });
  const [repatched, setRepatched] = useState(false);
  const chosen = graceChoices.find((c) => c.value === grace) ?? graceChoices[2];

  if (rotate.data) {
    return (
      <NewKeySecretDialog
        title="Your rotated API key"
        secret={rotate.data.secret}
        intro={grace > 0 ? `${chosen.explain} Replace it with this one before then.` : 'The old key no longer works.'}
        saved={repatched}
        onClose={() => {
          setRepatched(false);
          close();
        }}
      >
        <RepatchOffer keyId={rotate.data.key.id} graceSeconds={grace} onDone={() => setRepatched(true)} />
      </NewKeySecretDialog>
    );
  }
  return (
    <Dialog
      open={target !== null}
      onClose={close}
      title={`Rotate “${target?.name ?? ''}”`}
      description="Issue a new secret for this key. Its name, rules and limits stay the same."
      width="max-w-lg"
    >
      {(
        <DialogForm
          onSubmit={() => {
            if (target) rotate.mutate({ id: target.id, graceSeconds: grace });
          }}
          bodyClassName="space-y-3"
          error={rotate.error}
          onCancel={close}
          pending={rotate.isPending}
          label="Rotate key"
          pendingLabel="Rotating…"
        >
          <fieldset>
            <legend className="mb-2 text-[13px] font-semibold">When should the old key stop working?</legend>
            <div className="flex flex-wrap gap-2">
              {graceChoices.map((c) => (
                <label
                  key={c.value}
                  className="flex h-8 cursor-pointer items-center gap-2 rounded-md border border-border-strong px-3 text-sm has-[:checked]:border-accent has-[:checked]:bg-surface-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring"
                >
                  <input
                    type="radio"
                    name="grace"
                    value={c.value}
                    checked={grace === c.value}
                    onChange={() => setGrace(c.value)}
                    className="size-3.5 accent-[var(--gh-accent)]"
                  />
                  {c.label}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-sm" aria-live="polite">
            {chosen.explain}{' '}
            {grace === 0 ? 'Anything still using it loses access at once.' : 'Anything using it has that long to switch.'}
          </p>
        </DialogForm>
      )}
    </Dialog>
  );
}
