// The Permissions screen's bar above the matrix: the legend, or the keys and OAuth apps
// with unsaved changes and Discard / Save; below it, what a save could not write.
import { Check, Minus, X } from 'lucide-react';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { rowsText, type MatrixRow, type SaveFailure } from './use-permissions';

function Legend() {
  const item = 'inline-flex items-center gap-1.5';
  const box = 'flex size-5 items-center justify-center rounded border';
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-[13px] text-muted" aria-label="Legend">
      <li className={item}>
        <span className={`${box} border-ok-border bg-ok-bg text-ok-fg`}>
          <Check aria-hidden="true" className="size-3" strokeWidth={2.5} />
        </span>
        allowed by its own rule
      </li>
      <li className={item}>
        <span className={`${box} border-dashed border-ok-fg/60 text-ok-fg`}>
          <Check aria-hidden="true" className="size-3" strokeWidth={2.5} />
        </span>
        allowed by a pattern
      </li>
      <li className={item}>
        <span className={`${box} border-danger-border bg-danger-bg text-danger`}>
          <X aria-hidden="true" className="size-3" strokeWidth={2.5} />
        </span>
        denied by a rule (own or pattern, dashed)
      </li>
      <li className={item}>
        <span className={`${box} border-border text-muted`}>
          <Minus aria-hidden="true" className="size-3" />
        </span>
        no rule: denied
      </li>
      <li className={item}>
        <span aria-hidden="true" className="size-2 rounded-full bg-accent" />
        unsaved
      </li>
    </ul>
  );
}

/** The bar above the matrix: the legend, or what is unsaved with Discard and Save. */
export function SaveBar({
  changed,
  savedNote,
  saving,
  onDiscard,
  onSave,
}: {
  changed: MatrixRow[];
  savedNote: string;
  saving: boolean;
  onDiscard: () => void;
  onSave: () => void;
}) {
  return (
    <div className={`sticky top-0 z-30 flex flex-wrap items-center justify-between gap-3 rounded-lg border px-3 py-2 ${changed.length ? 'border-accent bg-surface' : 'border-border bg-bg'}`}>
      {changed.length ? (
        <p className="text-sm" aria-live="polite">
          <strong className="font-semibold">
            Unsaved changes to {rowsText(changed)}:
          </strong>{' '}
          {changed.map((k) => k.name).join(', ')}
        </p>
      ) : (
        <Legend />
      )}
      <div className="flex items-center gap-2">
        <span className="text-[13px] text-ok-fg" aria-live="polite">
          {savedNote && !changed.length ? savedNote : ''}
        </span>
        {changed.length ? (
          <>
            <Button size="sm" onClick={onDiscard} disabled={saving}>
              Discard
            </Button>
            <Button size="sm" variant="primary" onClick={onSave} disabled={saving}>
              {saving ? 'Saving…' : 'Save changes'}
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}

export function SaveProblems({ error, failures }: { error: unknown; failures: SaveFailure[] | undefined }) {
  if (error) return <ErrorAlert error={error} />;
  if (!failures?.length) return null;
  return (
    <Alert tone="danger" live>
      <p className="font-medium">Some rules were not saved; they are still pending.</p>
      <ul>
        {failures.map((f) => (
          <li key={f.key.id}>
            {f.key.name}: {f.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
