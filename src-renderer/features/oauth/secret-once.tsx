import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { DialogBody, DialogFooter } from '../../components/ui/dialog';
import { CopyButton, CopyField } from '../gateway/copy-button';

/**
 * A client id and, for confidential clients, its secret: shown once, right after
 * create or rotate. The caller drops the secret when the dialog closes.
 */
export function ClientCredentials({
  clientId,
  secret,
  secretLabel = 'Client secret',
  intro,
  onDone,
}: {
  clientId?: string;
  secret: string | null;
  secretLabel?: string;
  intro?: string;
  onDone: () => void;
}) {
  return (
    <>
      <DialogBody className="space-y-3">
        {intro ? <p className="text-sm">{intro}</p> : null}
        {clientId ? (
          <div>
            <p className="mb-1 text-[13px] font-medium">Client ID</p>
            <CopyField value={clientId} label="client ID" testId="new-client-id" />
          </div>
        ) : null}
        {secret ? (
          <div>
            <p className="mb-1 text-[13px] font-medium">{secretLabel}</p>
            <Alert tone="warning" className="mb-2">
              Copy this secret now. Gatehouse will not show it again.
            </Alert>
            <div className="flex items-stretch gap-2">
              <output
                aria-label={`New ${secretLabel.toLowerCase()}`}
                data-testid="new-client-secret"
                className="block min-w-0 flex-1 rounded-md border border-border-strong bg-surface px-3 py-2.5 font-mono text-[15px] leading-snug break-all select-all"
              >
                {secret}
              </output>
              <CopyButton text={secret} label={`Copy ${secretLabel.toLowerCase()}`} variant="primary" size="md" className="h-auto self-stretch px-3" />
            </div>
          </div>
        ) : null}
      </DialogBody>
      <DialogFooter>
        <Button onClick={onDone} autoFocus={!secret}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}
