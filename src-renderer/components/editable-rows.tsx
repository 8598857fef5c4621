import type { ReactNode } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { Button } from './ui/button';
import { FieldError, Hint } from './ui/field';

/** What the control a row's error belongs to says about it. */
export interface RowInvalid {
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * The rows of a form's field array (react-hook-form `useFieldArray`): the caller's
 * controls, a Remove button and the row's error on each; then a hint and an Add button.
 */
export function EditableRows<R extends { id: string }>({
  rows,
  renderRow,
  errorOf,
  errorId,
  removeLabel,
  onRemove,
  addLabel,
  onAdd,
  emptyText,
  hint,
}: {
  rows: R[];
  renderRow: (row: R, i: number, invalid: RowInvalid) => ReactNode;
  errorOf: (i: number) => string | undefined;
  errorId: (i: number) => string;
  removeLabel: (i: number) => string;
  onRemove: (i: number) => void;
  addLabel: string;
  onAdd: () => void;
  /** What an empty list means, in words; nothing is shown when omitted. */
  emptyText?: string;
  hint: ReactNode;
}) {
  return (
    <div>
      {rows.length > 0 ? (
        <ul className="mb-2 space-y-2">
          {rows.map((row, i) => {
            const err = errorOf(i);
            const errId = errorId(i);
            return (
              <li key={row.id}>
                <div className="flex items-center gap-2">
                  {renderRow(row, i, { 'aria-invalid': err ? true : undefined, 'aria-describedby': err ? errId : undefined })}
                  <Button variant="ghost" size="icon" className="text-muted" aria-label={removeLabel(i)} onClick={() => onRemove(i)}>
                    <Trash2 aria-hidden="true" className="size-4" />
                  </Button>
                </div>
                <FieldError id={errId}>{err}</FieldError>
              </li>
            );
          })}
        </ul>
      ) : emptyText ? (
        <p className="mb-2 rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px] text-muted">{emptyText}</p>
      ) : null}
      <div className="flex items-start justify-between gap-3">
        <Hint>{hint}</Hint>
        <Button size="sm" className="mt-1" onClick={onAdd}>
          <Plus aria-hidden="true" className="size-3.5" />
          {addLabel}
        </Button>
      </div>
    </div>
  );
}
