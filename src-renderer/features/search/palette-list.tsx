// The palette's results on cmdk: grouped options, ↑/↓ (wrapping) and Enter, hints for
// groups cut short. cmdk handles the combobox/listbox semantics and the selection; the
// ranking is ours (search-items.ts), so cmdk's own filter is off.
import { Command } from 'cmdk';
import { AppWindow, ArrowRight, CornerDownLeft, FileText, KeyRound, LockKeyhole, Plus, Server, Wrench, type LucideIcon } from 'lucide-react';
import { cn } from '../../lib/cn';
import type { SearchGroup, SearchItem, SearchKind } from './search-items';

const icons: Record<SearchKind, LucideIcon> = {
  action: Plus,
  key: KeyRound,
  server: Server,
  tool: Wrench,
  capability: FileText,
  client: AppWindow,
  oauth: LockKeyhole,
  screen: ArrowRight,
};

function Row({ item, onPick }: { item: SearchItem; onPick: (item: SearchItem) => void }) {
  const Icon = icons[item.kind];
  return (
    <Command.Item
      value={item.id}
      onSelect={() => onPick(item)}
      className="group flex h-9 cursor-pointer items-center gap-2.5 rounded-md px-2.5 text-sm text-fg data-[selected=true]:bg-surface-2"
    >
      <Icon aria-hidden="true" className="size-4 shrink-0 text-muted group-data-[selected=true]:text-accent" />
      <span className={cn('max-w-[60%] shrink-0 truncate', item.monoLabel && 'font-mono text-[13px]')}>{item.label}</span>
      {item.detail ? (
        <span className={cn('min-w-0 flex-1 truncate text-[12px] text-muted', item.monoDetail && 'font-mono')}>{item.detail}</span>
      ) : (
        <span className="flex-1" />
      )}
      <CornerDownLeft aria-hidden="true" className="invisible size-3.5 shrink-0 text-muted group-data-[selected=true]:visible" />
    </Command.Item>
  );
}

export function PaletteList({ groups, onPick, empty }: { groups: SearchGroup[]; onPick: (item: SearchItem) => void; empty: React.ReactNode }) {
  return (
    // Focusable so the list scrolls from the keyboard too when it overflows (axe: scrollable-region-focusable).
    <div tabIndex={0} className="min-h-0 flex-1 overflow-y-auto p-1.5">
      <Command.List label="Results">
        {groups.map((g) => (
          <Command.Group key={g.kind} heading={g.label} className="pb-1 [&_[cmdk-group-heading]]:px-2.5 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-[11px] [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-muted [&_[cmdk-group-heading]]:uppercase">
            {g.items.map((item) => (
              <Row key={item.id} item={item} onPick={onPick} />
            ))}
            {g.hidden > 0 ? (
              <div className="px-2.5 py-1 text-[12px] text-muted">
                {g.hidden} more {g.label.toLowerCase()} — keep typing to narrow.
              </div>
            ) : null}
          </Command.Group>
        ))}
        <Command.Empty className="px-3 py-8 text-center text-sm text-muted">{empty}</Command.Empty>
      </Command.List>
    </div>
  );
}
