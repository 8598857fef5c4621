import { useState, type ReactNode } from 'react';
import { Check, Copy } from 'lucide-react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { useClipboard } from '../../lib/use-clipboard';
import { SecretBox } from '../gateway/copy-button';

/**
 * The full key, shown once right after create or rotate. The caller drops the
 * secret when the dialog closes; nothing here keeps a copy.
 */
export function NewKeySecret({
  secret,
  intro,
  onDone,
  onCopied,
  guard,
}: {
  secret: string;
  intro?: string;
  onDone: () => void;
  /** The key reached the clipboard (the Copy button, or a copy of the selected text). */
  onCopied?: () => void;
  /** Shown above the footer: the "not copied yet" question. */
  guard?: ReactNode;
}) {
  // A failure stays said below until the next try: the key has to be copied by hand then.
  const { state: copied, copyAndTell } = useClipboard(secret, { keepFailure: true });
  return (
    <>
      <DialogBody className="space-y-3">
        {intro ? <p className="text-sm">{intro}</p> : null}
        <Alert tone="warning">Copy this key now. Gatehouse will not show it again.</Alert>
        <div onCopy={onCopied}>
          <SecretBox secret={secret} label="New API key" testId="new-key-secret">
            <Button
              variant="primary"
              onClick={() => void copyAndTell().then((ok) => ok && onCopied?.())}
              className="h-auto self-stretch px-3"
            >
              {copied === 'copied' ? <Check aria-hidden="true" className="size-4" /> : <Copy aria-hidden="true" className="size-4" />}
              {copied === 'copied' ? 'Copied' : 'Copy'}
            </Button>
          </SecretBox>
        </div>
        <p aria-live="polite" className="min-h-5 text-[13px] text-muted">
          {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not reach the clipboard: select the key and copy it by hand.' : ''}
        </p>
        {guard}
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}

/** Closing before the key was copied asks first: it cannot be shown again. */
function NotCopiedGuard({ onBack, onClose }: { onBack: () => void; onClose: () => void }) {
  return (
    <Alert
      tone="danger"
      live
      action={
        <span className="flex shrink-0 gap-1.5">
          <Button size="sm" autoFocus onClick={onBack}>
            Back to the key
          </Button>
          <Button size="sm" variant="danger" onClick={onClose}>
            Close without copying
          </Button>
        </span>
      }
    >
      <strong className="font-semibold">You have not copied the key.</strong> Once this closes, nobody can see it again: you would have to rotate it.
    </Alert>
  );
}

/** The show-once dialog: Esc, the close button and Done all ask first while nothing was copied. */
export function NewKeySecretDialog({
  title,
  secret,
  intro,
  onClose,
  saved = false,
  children,
}: {
  title: string;
  secret: string;
  intro: string;
  onClose: () => void;
  /** The key went somewhere already (written into client configs): closing needs no question. */
  saved?: boolean;
  children?: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  const tryClose = () => (copied || saved ? onClose() : setAsking(true));
  return (
    <Dialog open onClose={tryClose} title={title} width="max-w-xl" modalLocked>
      {children}
      <NewKeySecret
        secret={secret}
        intro={intro}
        onDone={tryClose}
        onCopied={() => {
          setCopied(true);
          setAsking(false);
        }}
        guard={asking ? <NotCopiedGuard onBack={() => setAsking(false)} onClose={onClose} /> : null}
      />
    </Dialog>
  );
}
