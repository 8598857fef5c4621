import { Check, Minus, X } from 'lucide-react';
import type { Rule } from '../../../src-preload/contract';
import { Badge } from '../../components/ui/badge';
import { Dialog, DialogBody } from '../../components/ui/dialog';
import { describeCell } from './permission-cell';
import { whoVerb } from './matrix-header';
import { decide, targetLabel, type Target } from './rule-logic';
import { rowsText, type MatrixRow } from './use-permissions';

/** For one tool, resource or prompt: every key and OAuth app and what it may do, allowed first. */
export function WhoCanCallDialog({
  target,
  keys,
  rulesOf,
  hasPending,
  onClose,
}: {
  target: Target | null;
  keys: MatrixRow[];
  rulesOf: (k: MatrixRow) => Rule[];
  hasPending: boolean;
  onClose: () => void;
}) {
  const rows = target
    ? keys
        .map((k) => ({ k, cell: decide(rulesOf(k), target) }))
        .sort((a, b) => Number(b.cell.allowed) - Number(a.cell.allowed) || a.k.name.localeCompare(b.k.name))
    : [];
  const allowed = rows.filter((r) => r.cell.allowed).length;
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={target ? `Who can ${whoVerb(target)} ${targetLabel(target)}?` : ''}
      description={
        target
          ? `${allowed} of ${rowsText(rows.map((r) => r.k))} may ${whoVerb(target)} it${hasPending ? ', counting unsaved changes' : ''}.`
          : undefined
      }
      width="max-w-lg"
    >
      <DialogBody>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">No active key or OAuth app. Create a key on the API keys screen first.</p>
        ) : (
          <ul className="divide-y divide-border" aria-label="Keys">
            {rows.map(({ k, cell }) => (
              <li key={k.id} className="flex items-center justify-between gap-3 py-2">
                <span className="min-w-0">
                  <span className="block truncate text-sm font-medium">{k.name}</span>
                  <span className="block text-[13px] text-muted">{describeCell(cell)}</span>
                </span>
                {cell.allowed ? (
                  <Badge tone="ok">
                    <Check aria-hidden="true" className="size-3" />
                    Allowed
                  </Badge>
                ) : cell.source === 'none' ? (
                  <Badge tone="neutral">
                    <Minus aria-hidden="true" className="size-3" />
                    Not allowed
                  </Badge>
                ) : (
                  <Badge tone="danger">
                    <X aria-hidden="true" className="size-3" />
                    Denied
                  </Badge>
                )}
              </li>
            ))}
          </ul>
        )}
      </DialogBody>
    </Dialog>
  );
}
