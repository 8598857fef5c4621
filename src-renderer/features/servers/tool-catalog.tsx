import { useEffect } from 'react';
import type { ToolInfo } from '../../../src-preload/contract';
import { LoadError } from '../../components/ui/load-error';
import { cn } from '../../lib/cn';
import { CapabilityList } from './capability-list';
import { ToolAnnotationBadges } from './tool-annotations';
import { useServerDetail } from './use-servers';

/** The tools (with their annotations), resources and prompts a server offered at its last discovery; `highlight` is brought into view. */
export function ToolCatalog({ name, id, highlight = null }: { name: string; id: string; highlight?: string | null }) {
  const detail = useServerDetail(name);
  const loaded = detail.data !== undefined;
  useEffect(() => {
    if (!highlight || !loaded) return;
    const el = document.getElementById(`${id}-${highlight}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [highlight, loaded, id]);
  if (detail.isPending) {
    return (
      <p id={id} className="px-4 py-3 text-[13px] text-muted" aria-live="polite">
        Loading tools…
      </p>
    );
  }
  if (detail.isError) {
    return (
      <div id={id} className="px-4 py-3">
        <LoadError what="The tools" error={detail.error} onRetry={() => void detail.refetch()} />
      </div>
    );
  }
  const { tools, resources, prompts } = detail.data;
  if (tools.length + resources.length + prompts.length === 0) {
    return (
      <p id={id} className="px-4 py-3 text-[13px] text-muted">
        No tools known yet. Press Discover to ask the server for its tools.
      </p>
    );
  }
  return (
    <div id={id}>
      <ToolList name={name} id={id} tools={tools} highlight={highlight} />
      <CapabilityList label={`Resources of ${name}`} items={resources} id={id} highlight={highlight} />
      <CapabilityList label={`Prompts of ${name}`} items={prompts} id={id} highlight={highlight} />
    </div>
  );
}

function ToolList({ name, id, tools, highlight }: { name: string; id: string; tools: ToolInfo[]; highlight: string | null }) {
  if (tools.length === 0) return null;
  return (
    <ul aria-label={`Tools of ${name}`} className="divide-y divide-border border-t border-border">
      {tools.map((t) => (
        <li
          key={t.name}
          id={`${id}-${t.name}`}
          tabIndex={t.name === highlight ? -1 : undefined}
          aria-current={t.name === highlight ? 'true' : undefined}
          className={cn('grid grid-cols-[minmax(12rem,16rem)_1fr] gap-x-4 px-4 py-2', t.name === highlight && 'bg-surface-2')}
        >
          <div className="min-w-0">
            <span className="block truncate font-mono text-[13px]" title={t.name}>
              {t.name}
            </span>
            {t.title && t.title !== t.name ? <span className="block truncate text-xs text-muted">{t.title}</span> : null}
          </div>
          <div className="min-w-0 space-y-1">
            <ToolAnnotationBadges annotations={t.annotations} />
            {t.description ? (
              <p className="line-clamp-2 text-[13px] text-muted" title={t.description}>
                {t.description}
              </p>
            ) : (
              <p className="text-[13px] text-muted italic">No description.</p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
