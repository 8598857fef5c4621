// Unsaved permission changes are not lost by clicking another screen: leaving asks
// first (Save and leave, Discard and leave, Stay), and closing or reloading the page
// gets the browser's own question.
import { useBlocker } from '@tanstack/react-router';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { ErrorAlert } from '../../components/ui/alert';
import { rowsText, type MatrixRow } from './use-permissions';

export function LeaveGuard({
  changed,
  saving,
  error,
  onSave,
  onDiscard,
}: {
  changed: MatrixRow[];
  saving: boolean;
  error: unknown;
  /** Saves; resolves true when everything was written. */
  onSave: () => Promise<boolean>;
  onDiscard: () => void;
}) {
  const dirty = changed.length > 0;
  const blocker = useBlocker({
    // Search changes on this screen are not leaving it.
    shouldBlockFn: ({ next }) => dirty && next.pathname !== '/permissions',
    enableBeforeUnload: () => dirty,
    withResolver: true,
  });
  if (blocker.status !== 'blocked') return null;
  const names = changed.map((r) => r.name).join(', ');
  return (
    <Dialog open onClose={blocker.reset} title="Leave with unsaved changes?" width="max-w-md">
      <DialogBody className="space-y-3 text-sm">
        <p>
          You changed the rules of {rowsText(changed)} here without saving: <strong>{names}</strong>.
        </p>
        <ErrorAlert error={error} lead="Nothing was saved." />
      </DialogBody>
      <DialogFooter>
        <Button autoFocus onClick={blocker.reset}>
          Stay
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            onDiscard();
            blocker.proceed();
          }}
        >
          Discard and leave
        </Button>
        <Button variant="primary" disabled={saving} onClick={() => void onSave().then((ok) => (ok ? blocker.proceed() : undefined))}>
          {saving ? 'Saving…' : 'Save and leave'}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
