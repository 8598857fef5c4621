import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { DialogBody, DialogFooter } from '../../components/ui/dialog';
import { CopyButton, CopyField, SecretBox } from '../gateway/copy-button';

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
            <SecretBox secret={secret} label={`New ${secretLabel.toLowerCase()}`} testId="new-client-secret">
              <CopyButton text={secret} label={`Copy ${secretLabel.toLowerCase()}`} variant="primary" size="md" className="h-auto self-stretch px-3" />
            </SecretBox>
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
