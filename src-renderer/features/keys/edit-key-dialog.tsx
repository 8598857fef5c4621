import type { KeySummary } from '../../../src-preload/contract';
import { Dialog } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { KeyForm } from './key-form/key-form';
import { expiryWords, fromKey, toUpdateInput } from './key-form/key-input';
import { useApiMutation } from '../../lib/use-api-mutation';

/** Every field of a key, editable: the same form as create, starting from the key. */
export function EditKeyDialog({ target, onClose }: { target: KeySummary | null; onClose: () => void }) {
  const update = useApiMutation('keys.update');
  const { close, run, pending, error } = useDialogMutation(update, onClose);
  return (
    <Dialog open={target !== null} onClose={close} title={`Edit “${target?.name ?? ''}”`} description="Changes apply to running clients within a second." width="max-w-2xl">
      {target ? (
        <KeyForm
          key={target.id}
          initial={(catalog) => fromKey(target, catalog)}
          keepExpiry={expiryWords(target)}
          submitLabel="Save changes"
          pendingLabel="Saving…"
          verb="Save"
          pending={pending}
          error={error}
          onSubmit={(s) => run(toUpdateInput(target.id, s))}
          onCancel={close}
        />
      ) : null}
    </Dialog>
  );
}
