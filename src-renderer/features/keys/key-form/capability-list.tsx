// The tick boxes of one kind of capability of one server (its tools today; its resources
// and prompts once the policy covers them): one row per item, with its badges.
import { useState, type ReactNode } from 'react';
import { Input } from '../../../components/ui/field';
import type { CapabilityPick } from './state';

export interface CapabilityItem {
  name: string;
  /** Title or description, muted after the name. */
  detail: string | null;
  badges?: ReactNode;
}

const FILTER_FROM = 10;

export function CapabilityList({
  server,
  kind,
  items,
  pick,
  onToggle,
}: {
  server: string;
  /** "tools" (and later "resources", "prompts"): labels say which. */
  kind: string;
  items: CapabilityItem[];
  pick: CapabilityPick;
  onToggle: (name: string, on: boolean) => void;
}) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = f ? items.filter((i) => `${i.name} ${i.detail ?? ''}`.toLowerCase().includes(f)) : items;
  const checked = (name: string) => pick.mode === 'all' || pick.names.includes(name);
  return (
    <div className="space-y-1.5">
      {items.length >= FILTER_FROM ? (
        <Input aria-label={`Filter ${kind} of ${server}`} placeholder={`Filter ${items.length} ${kind}…`} className="h-7 w-full" value={filter} onChange={(e) => setFilter(e.target.value)} />
      ) : null}
      <ul aria-label={`${kind} of ${server}`} className="max-h-60 overflow-y-auto rounded-md border border-border">
        {shown.map((i) => (
          <li key={i.name} className="border-b border-border px-2.5 py-1 last:border-b-0">
            <label className="flex min-w-0 items-center gap-2 text-[13px]">
              <input
                type="checkbox"
                className="size-3.5 shrink-0 accent-[var(--gh-accent)]"
                checked={checked(i.name)}
                onChange={(e) => onToggle(i.name, e.target.checked)}
                aria-label={`${server}:${i.name}`}
              />
              <span className="shrink-0 font-mono">{i.name}</span>
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
