// The palette's quick actions open the same dialogs as the screens' buttons,
// over the screen they belong to. Loaded only when an action is picked.
import { CreateKeyDialog } from '../keys/create-key-dialog';
import { AddServerDialog } from '../servers/add-server-dialog';
import type { QuickAction } from './search-items';

export function QuickActionDialog({ action, onClose }: { action: QuickAction; onClose: () => void }) {
  const onOpenChange = (open: boolean) => {
    if (!open) onClose();
  };
  return action === 'create-key' ? <CreateKeyDialog open onOpenChange={onOpenChange} /> : <AddServerDialog open onOpenChange={onOpenChange} />;
}
