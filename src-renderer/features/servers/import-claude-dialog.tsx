import { useState } from 'react';
import { CheckCircle2, MinusCircle } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter, DialogForm } from '../../components/ui/dialog';
import { TextField } from '../../components/ui/field';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useApiMutation } from '../../lib/use-api-mutation';

/** Adds the stdio servers of a Claude Desktop config; env values move into the vault. */
export function ImportClaudeDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const imp = useApiMutation('servers.importClaude');
  const [path, setPath] = useState('');
  const { close } = useDialogMutation(imp, () => {
    setPath('');
    onOpenChange(false);
  });
  const result = imp.data;

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import from Claude Desktop"
      description="Adds the servers Claude Desktop starts. Their environment values are stored encrypted. Claude Desktop's file is not changed."
      width="max-w-xl"
    >
      {result ? (
        <>
          <DialogBody className="space-y-3">
            <div aria-live="polite">
              <h3 className="mb-1 text-[13px] font-semibold">
                Added {result.added.length} {result.added.length === 1 ? 'server' : 'servers'}
              </h3>
              {result.added.length ? (
                <ul className="space-y-1">
                  {result.added.map((n) => {
                    const from = result.renamed.find((r) => r.registryName === n)?.name;
                    return (
                      <li key={n} className="flex items-center gap-2 text-sm">
                        <CheckCircle2 aria-hidden="true" className="size-4 text-ok-fg" />
                        <span className="font-mono text-[13px]">{n}</span>
                        {from ? <span className="text-[13px] text-muted">(Claude Desktop calls it “{from}”)</span> : null}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <p className="text-[13px] text-muted">Nothing new to add.</p>
              )}
            </div>
            {result.skipped.length ? (
              <div>
                <h3 className="mb-1 text-[13px] font-semibold">Skipped {result.skipped.length}</h3>
                <ul className="space-y-1">
                  {result.skipped.map((s) => (
                    <li key={s.name} className="flex items-start gap-2 text-sm">
                      <MinusCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted" />
                      <span>
                        <span className="font-mono text-[13px]">{s.name}</span> — <span className="text-muted">{s.reason}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {result.added.length ? (
              <p className="text-[13px] text-muted">Next: press Discover on each new server to list its tools.</p>
            ) : null}
          </DialogBody>
          <DialogFooter>
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </DialogFooter>
        </>
      ) : (
        <DialogForm
          onSubmit={() => imp.mutate(path.trim() ? { path: path.trim() } : {})}
          bodyClassName="space-y-3"
          error={imp.error}
          onCancel={close}
          pending={imp.isPending}
          label="Import"
          pendingLabel="Importing…"
        >
          <TextField
            id="claude-path"
            label={
              <>
                Config file <span className="font-normal text-muted">(optional)</span>
              </>
            }
            mono
            className="w-full"
            placeholder="claude_desktop_config.json at its usual place"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            autoFocus
            hint="Leave empty to read Claude Desktop's config at its usual place on this computer."
          />
        </DialogForm>
      )}
    </Dialog>
  );
}
