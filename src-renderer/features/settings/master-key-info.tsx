import { useState } from 'react';
import type { SystemStatus } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { Code } from '../../components/ui/field';
import { masterKeyAdvice } from '../../lib/master-key-advice';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useApiMutation } from '../../lib/use-api-mutation';

/** Where the master key comes from, in words; for the key file, why that is weak and how to move off it. */
export function MasterKeyInfo({ status }: { status: SystemStatus }) {
  const { masterKeySource: source, dataDir } = status;
  // Outlives the switch from the key-file view to the keychain view below.
  const [moved, setMoved] = useState<{ fileLeft: string | null } | null>(null);
  if (source === 'env') {
    return (
      <p className="text-sm">
        From the <Code>GATEHOUSE_MASTER_KEY</Code> environment variable, as a server or container sets it for{' '}
        <Code>gatehouse serve</Code>. Never put it into a client app&apos;s config: those files are plain text.
      </p>
    );
  }
  if (source === 'keychain') {
    return (
      <div className="space-y-3 text-sm">
        <p>In the OS keychain (entry “Gatehouse”). Nothing in the data directory can decrypt its secrets on its own.</p>
        <MovedNote moved={moved} />
      </div>
    );
  }
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const keyFile = `${dataDir.replace(/[\\/]+$/, '')}${sep}master.key`;
  return (
    <div className="space-y-3 text-sm">
      <Alert tone="warning">
        <p>
          <strong className="font-semibold">The master key is in a key file next to the data</strong> — the weakest option: anyone who
          copies the data directory can read every stored secret.
        </p>
      </Alert>
      <p>
        Key file: <Code>{keyFile}</Code>
      </p>
      <MoveToKeychain keyFile={keyFile} onMoved={setMoved} advice={masterKeyAdvice(status)} />
    </div>
  );
}

function MovedNote({ moved }: { moved: { fileLeft: string | null } | null }) {
  if (!moved) return null;
  return moved.fileLeft ? (
    <Alert tone="warning" live>
      Moved, but {moved.fileLeft} could not be deleted. Delete it yourself: the keychain is read first, so nothing uses it now.
    </Alert>
  ) : (
    <Alert tone="info" live>
      Moved. The key file is deleted; Gatehouse processes started from now on read the key from the keychain.
    </Alert>
  );
}

function MoveToKeychain({
  keyFile,
  onMoved,
  advice,
}: {
  keyFile: string;
  onMoved: (m: { fileLeft: string | null }) => void;
  advice: ReturnType<typeof masterKeyAdvice>;
}) {
  const [confirming, setConfirming] = useState(false);
  const move = useApiMutation('system.masterKey.moveToKeychain');
  const { close, confirm } = useDialogMutation(move, () => setConfirming(false));
  return (
    <div>
      <Button variant="primary" onClick={() => setConfirming(true)} disabled={!advice.canMove} aria-describedby="move-key-advice">
        Move to the OS keychain
      </Button>
      <p id="move-key-advice" className="mt-1 text-[13px] text-muted">
        {advice.canMove
          ? 'macOS Keychain, Windows Credential Manager, or a Secret Service (GNOME Keyring, KWallet) on Linux. Gatehouse uses it by itself when one answers as the data directory is created.'
          : advice.text}
      </p>
      <ConfirmDialog
        open={confirming}
        title="Move the master key to the OS keychain?"
        confirmLabel="Move key"
        pendingLabel="Moving…"
        tone="primary"
        {...confirm}
        onConfirm={() =>
          move.mutate({}, {
            onSuccess: (moved) => {
              onMoved({ fileLeft: moved.fileLeft });
              close();
            },
          })
        }
      >
        <p>
          Gatehouse stores the key in the keychain, reads it back, then deletes <Code>{keyFile}</Code>. If no keychain answers,
          nothing changes.
        </p>
        <p>
          Gatehouse processes that run now keep working. Ones started later read the key from the keychain, so they must run as
          your user, in your desktop session. A copy of the data directory alone then opens nothing.
        </p>
      </ConfirmDialog>
    </div>
  );
}
