import { Check, Copy } from 'lucide-react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { DialogBody, DialogFooter } from '../../components/ui/dialog';
import { useClipboard } from '../../lib/use-clipboard';
import { SecretBox } from '../gateway/copy-button';

/**
 * The full key, shown once right after create or rotate. The caller drops the
 * secret when the dialog closes; nothing here keeps a copy.
 */
export function NewKeySecret({ secret, intro, onDone }: { secret: string; intro?: string; onDone: () => void }) {
  // A failure stays said below until the next try: the key has to be copied by hand then.
  const { state: copied, copy } = useClipboard(secret, { keepFailure: true });

  return (
    <>
      <DialogBody className="space-y-3">
        {intro ? <p className="text-sm">{intro}</p> : null}
        <Alert tone="warning">Copy this key now. Gatehouse will not show it again.</Alert>
        <SecretBox secret={secret} label="New API key" testId="new-key-secret">
          <Button variant="primary" onClick={copy} className="h-auto self-stretch px-3">
            {copied === 'copied' ? <Check aria-hidden="true" className="size-4" /> : <Copy aria-hidden="true" className="size-4" />}
            {copied === 'copied' ? 'Copied' : 'Copy'}
          </Button>
        </SecretBox>
        <p aria-live="polite" className="min-h-5 text-[13px] text-muted">
          {copied === 'copied'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'Could not reach the clipboard: select the key and copy it by hand.'
              : ''}
        </p>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}
