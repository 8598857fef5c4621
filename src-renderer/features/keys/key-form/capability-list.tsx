// The tick boxes of one kind of capability of one server (its tools, resources or
// prompts): one row per item, with its badges.
import { useState, type ReactNode } from 'react';
import { Checkbox, Input } from '../../../components/ui/field';
import type { CapabilityPick } from './state';

export interface CapabilityItem {
  /** What the pick holds and the exact rule names (a resource template: its URI glob). */
  id: string;
  /** What the row shows (a resource template: the template itself). */
  name: string;
  /** Title or description, muted after the name. */
  detail: string | null;
  badges?: ReactNode;
}

const FILTER_FROM = 10;

export function CapabilityList({
  server,
  kind,
  label,
  items,
  pick,
  onToggle,
}: {
  server: string;
  /** "tools", "resources", "prompts": labels say which. */
  kind: string;
  /** How a row's tick box is named: `server:tool`, `server:resource:URI`. */
  label: (item: CapabilityItem) => string;
  items: CapabilityItem[];
  pick: CapabilityPick;
  onToggle: (name: string, on: boolean) => void;
}) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = f ? items.filter((i) => `${i.name} ${i.detail ?? ''}`.toLowerCase().includes(f)) : items;
  const checked = (id: string) => pick.mode === 'all' || pick.names.includes(id);
  return (
    <div className="space-y-1.5">
      {items.length >= FILTER_FROM ? (
        <Input aria-label={`Filter ${kind} of ${server}`} placeholder={`Filter ${items.length} ${kind}…`} className="h-7 w-full" value={filter} onChange={(e) => setFilter(e.target.value)} />
      ) : null}
      <ul aria-label={`${kind} of ${server}`} className="max-h-60 overflow-y-auto rounded-md border border-border">
        {shown.map((i) => (
          <li key={i.id} className="border-b border-border px-2.5 py-1 last:border-b-0">
            <label className="flex min-w-0 items-center gap-2 text-[13px]">
              <Checkbox
                checked={checked(i.id)}
                onChange={(e) => onToggle(i.id, e.target.checked)}
                aria-label={label(i)}
              />
              <span className="max-w-[65%] shrink-0 truncate font-mono" title={i.name}>
                {i.name}
              </span>
              {i.badges}
              {i.detail ? (
                <span className="min-w-0 flex-1 truncate text-[12px] text-muted" title={i.detail}>
                  {i.detail}
                </span>
              ) : null}
            </label>
          </li>
        ))}
        {shown.length === 0 ? <li className="px-2.5 py-1.5 text-[13px] text-muted">Nothing matches “{filter.trim()}”.</li> : null}
      </ul>
    </div>
  );
}
