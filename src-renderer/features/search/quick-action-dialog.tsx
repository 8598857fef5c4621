// The palette's quick action that has no screen of its own to link to opens its dialog
// over the screen it belongs to. Loaded only when picked.
import { AddServerDialog } from '../servers/add-server-dialog';
import type { QuickAction } from './search-items';

export function QuickActionDialog({ action, onClose }: { action: QuickAction; onClose: () => void }) {
  const onOpenChange = (open: boolean) => {
    if (!open) onClose();
  };
  return action === 'add-server' ? <AddServerDialog open onOpenChange={onOpenChange} /> : null;
}
