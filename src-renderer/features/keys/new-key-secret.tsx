import { useEffect, useState } from 'react';
import { Check, Copy } from 'lucide-react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { DialogBody, DialogFooter } from '../../components/ui/dialog';

/**
 * The full key, shown once right after create or rotate. The caller drops the
 * secret when the dialog closes; nothing here keeps a copy.
 */
export function NewKeySecret({ secret, intro, onDone }: { secret: string; intro?: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (copied !== 'copied') return;
    const t = setTimeout(() => setCopied('idle'), 2500);
    return () => clearTimeout(t);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <>
      <DialogBody className="space-y-3">
        {intro ? <p className="text-sm">{intro}</p> : null}
        <Alert tone="warning">Copy this key now. Gatehouse will not show it again.</Alert>
        <div className="flex items-stretch gap-2">
          <output
            aria-label="New API key"
            data-testid="new-key-secret"
            className="block min-w-0 flex-1 rounded-md border border-border-strong bg-surface px-3 py-2.5 font-mono text-[15px] leading-snug break-all select-all"
          >
            {secret}
          </output>
          <Button variant="primary" onClick={() => void copy()} className="h-auto self-stretch px-3">
            {copied === 'copied' ? (
              <Check aria-hidden="true" className="size-4" />
            ) : (
              <Copy aria-hidden="true" className="size-4" />
            )}
            {copied === 'copied' ? 'Copied' : 'Copy'}
          </Button>
        </div>
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
