// One chosen server in the key form: presets, then its tools with their annotation
// badges. Resources and prompts become further CapabilityLists here.
import { X } from 'lucide-react';
import type { ServerDetail, ServerSummary } from '../../../../src-preload/contract';
import { Button } from '../../../components/ui/button';
import { cn } from '../../../lib/cn';
import { isReadOnly, ToolAnnotationBadges } from '../../servers/tool-annotations';
import { CapabilityList } from './capability-list';
import { applyPreset, toggleName, type Preset, type ServerPick } from './state';

const presets: { id: Preset; label: string; title: string }[] = [
  { id: 'read-only', label: 'Read-only', title: 'The tools the server marks read-only' },
  { id: 'everything', label: 'Everything', title: 'Every tool, also ones the server adds later' },
  { id: 'nothing', label: 'Nothing', title: 'No tool of this server' },
];

function activePreset(pick: ServerPick, readOnly: string[]): Preset | null {
  if (pick.tools.mode === 'all') return 'everything';
  if (pick.tools.names.length === 0) return 'nothing';
  const same = readOnly.length === pick.tools.names.length && readOnly.every((t) => pick.tools.names.includes(t));
  return same ? 'read-only' : null;
}

function countText(pick: ServerPick, total: number | null): string {
  if (pick.tools.mode === 'all') return total === null ? 'every tool' : `all ${total} tools, and later ones`;
  return `${pick.tools.names.length} of ${total ?? '?'} tools`;
}

export function ServerSection({
  server,
  detail,
  pick,
  onChange,
  onRemove,
}: {
  server: ServerSummary;
  detail: ServerDetail | undefined;
  pick: ServerPick;
  onChange: (pick: ServerPick) => void;
  onRemove: () => void;
}) {
  const tools = server.discoveredAt ? (detail?.tools ?? []) : null;
  const readOnly = (tools ?? []).filter(isReadOnly).map((t) => t.name);
  const active = activePreset(pick, readOnly);
  const headingId = `key-server-${server.name}`;
  return (
    <section aria-labelledby={headingId} className="min-w-0 rounded-md border border-border">
      <div className="flex flex-wrap items-center gap-2 border-b border-border bg-surface px-3 py-1.5">
        <h4 id={headingId} className="text-[13px] font-semibold">
          {server.name}
        </h4>
        <span className="text-[12px] text-muted" aria-live="polite">
          {countText(pick, tools?.length ?? null)}
        </span>
        <div role="group" aria-label={`Presets for ${server.name}`} className="ml-auto flex gap-1">
          {presets.map((p) => (
            <button
              key={p.id}
              type="button"
              title={p.title}
              aria-pressed={active === p.id}
              disabled={p.id === 'read-only' && readOnly.length === 0}
              onClick={() => onChange({ tools: applyPreset(p.id, readOnly) })}
              className={cn(
                'h-6 cursor-pointer rounded border px-2 text-[12px] disabled:cursor-not-allowed disabled:opacity-50',
                active === p.id ? 'border-accent bg-bg font-medium text-fg' : 'border-border-strong text-muted hover:text-fg',
              )}
            >
              {p.label}
            </button>
          ))}
        </div>
        <Button variant="ghost" size="icon" className="size-6 text-muted" aria-label={`Remove ${server.name} from the key`} onClick={onRemove}>
          <X aria-hidden="true" className="size-3.5" />
        </Button>
      </div>
      <div className="px-3 py-2">
        {tools === null ? (
          <p className="text-[13px] text-muted">
            Its tools are not discovered yet: allow everything, or discover them on Servers and choose here.
          </p>
        ) : tools.length === 0 ? (
          <p className="text-[13px] text-muted">This server has no tools.</p>
        ) : (
          <CapabilityList
            server={server.name}
            kind="tools"
            items={tools.map((t) => ({
              name: t.name,
              detail: t.title ?? t.annotations.title ?? t.description,
              badges: <ToolAnnotationBadges annotations={t.annotations} />,
            }))}
            pick={pick.tools}
            onToggle={(name, on) => onChange({ tools: toggleName(pick.tools, name, on, tools.map((t) => t.name)) })}
          />
        )}
      </div>
    </section>
  );
}
