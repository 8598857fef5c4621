import { memo } from 'react';
import { Check, Minus, X } from 'lucide-react';
import type { Effect, Cell } from './rule-logic';
import { Menu, MenuItem, MenuLabel, MenuSeparator } from '../../components/ui/menu';
import { cn } from '../../lib/cn';

export function describeCell(c: Cell): string {
  if (c.source === 'none') return 'denied: no rule allows it';
  const verb = c.allowed ? 'allowed' : 'denied';
  return c.source === 'exact' ? `${verb} by its own rule` : `${verb} by the pattern ${c.rule ?? ''}`;
}

function look(c: Cell): string {
  if (c.source === 'none') return 'border-transparent text-muted hover:border-border-strong';
  if (c.allowed) return c.source === 'exact' ? 'border-ok-border bg-ok-bg text-ok-fg' : 'border-dashed border-ok-fg/60 text-ok-fg';
  return c.source === 'exact' ? 'border-danger-border bg-danger-bg text-danger' : 'border-dashed border-danger/60 text-danger';
}

/** One key × tool: the effective decision, where it comes from, and a menu to change it. */
export const PermissionCell = memo(function PermissionCell({
  cell,
  keyName,
  target,
  pending,
  onChange,
}: {
  cell: Cell;
  keyName: string;
  /** `server:tool` */
  target: string;
  pending: boolean;
  onChange: (effect: Effect | null) => void;
}) {
  const Icon = cell.allowed ? Check : cell.source === 'none' ? Minus : X;
  const summary = describeCell(cell);
  return (
    <Menu
      label={`${keyName} · ${target}`}
      trigger={
        <button
          type="button"
          aria-label={`${keyName} · ${target}: ${summary}${pending ? ' (unsaved)' : ''}`}
          title={`${target}: ${summary}${pending ? ' — unsaved' : ''}`}
          className={cn(
            'relative flex size-7 cursor-pointer items-center justify-center rounded-md border transition-colors',
            look(cell),
          )}
        >
          <Icon aria-hidden="true" className="size-3.5" strokeWidth={2.5} />
          {pending ? <span aria-hidden="true" className="absolute -top-1 -right-1 size-2 rounded-full bg-accent ring-2 ring-bg" /> : null}
        </button>
      }
    >
      <MenuLabel>
        <span className="font-mono">{target}</span>
        <br />
        {summary}
      </MenuLabel>
      <MenuSeparator />
      <MenuItem onSelect={() => onChange('allow')}>
        <Check aria-hidden="true" className="size-4 text-ok-fg" />
        Allow
        {cell.exact === 'allow' ? <span className="ml-auto text-xs text-muted">current</span> : null}
      </MenuItem>
      <MenuItem onSelect={() => onChange('deny')}>
        <X aria-hidden="true" className="size-4 text-danger" />
        Deny
        {cell.exact === 'deny' ? <span className="ml-auto text-xs text-muted">current</span> : null}
      </MenuItem>
      <MenuItem onSelect={() => onChange(null)} disabled={cell.exact === null}>
        <Minus aria-hidden="true" className="size-4 text-muted" />
        Clear (inherit)
      </MenuItem>
    </Menu>
  );
});
