import type { CapabilityInfo } from '../../../src-preload/contract';
import { cn } from '../../lib/cn';

const kindLabel: Record<CapabilityInfo['kind'], string> = { resource: 'resource', resource_template: 'template', prompt: 'prompt' };

/** How a catalog entry is linked and highlighted: `resource:URI` or `prompt:NAME`, as rules spell it after `SERVER:`. */
export function entryOf(c: CapabilityInfo): string {
  return `${c.kind === 'prompt' ? 'prompt' : 'resource'}:${c.name}`;
}

/** Resources (and templates) or prompts a server offered at its last discovery; `highlight` is an entry. */
export function CapabilityList({ label, items, id, highlight }: { label: string; items: CapabilityInfo[]; id: string; highlight: string | null }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label={label} className="divide-y divide-border border-t border-border">
      {items.map((c) => {
        const entry = entryOf(c);
        const current = entry === highlight;
        return (
          <li
            key={entry}
            id={`${id}-${entry}`}
            tabIndex={current ? -1 : undefined}
            aria-current={current ? 'true' : undefined}
            className={cn('grid grid-cols-[minmax(12rem,22rem)_1fr] gap-x-4 px-4 py-2', current && 'bg-surface-2')}
          >
            <div className="min-w-0">
              {/* URIs share long prefixes: wrap them whole rather than cut off what tells them apart. */}
              <span className="block font-mono text-[13px] break-all">
                {c.name}
              </span>
              <span className="block truncate text-xs text-muted">{c.title && c.title !== c.name ? `${kindLabel[c.kind]} · ${c.title}` : kindLabel[c.kind]}</span>
            </div>
            <p className={cn('line-clamp-2 min-w-0 text-[13px] text-muted', !c.description && 'italic')} title={c.description ?? undefined}>
              {c.description ?? 'No description.'}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
