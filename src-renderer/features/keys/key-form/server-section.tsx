// One chosen server in the key form: presets, then its tools with their annotation
// badges, its resources (templates included) and its prompts, each as tick boxes.
import { X } from 'lucide-react';
import type { Capability, ServerDetail, ServerSummary } from '../../../../src-preload/contract';
import { countOf, NOUNS } from '../../../../src-shared/model/rule-coverage';
import { Button } from '../../../components/ui/button';
import { cn } from '../../../lib/cn';
import { isReadOnly, ToolAnnotationBadges } from '../../servers/tool-annotations';
import { CapabilityList, type CapabilityItem } from './capability-list';
import { activePreset, applyPreset, pickId, toggleName, type CapabilityPick, type Preset, type ServerPick } from './state';

const presets: { id: Preset; label: string; title: string }[] = [
  { id: 'read-only', label: 'Read-only', title: 'The tools the server marks read-only, and its resources and prompts' },
  { id: 'everything', label: 'Everything', title: 'Every tool, resource and prompt, also ones the server adds later' },
  { id: 'nothing', label: 'Nothing', title: 'Nothing of this server' },
];

/** "3 of 13 tools", "all 9 resources, and later ones"; null when there is nothing to say. */
export function pickText(pick: CapabilityPick, total: number | null, kind: Capability): string | null {
  const many = NOUNS[kind].many;
  if (pick.mode === 'all') return total === null ? `every ${NOUNS[kind].one}` : total === 0 ? `later ${many}` : `all ${countOf(total, kind)}, and later ones`;
  if (kind !== 'tool' && total === 0) return null;
  return `${pick.names.length} of ${total ?? '?'} ${many}`;
}

interface Kinds {
  tool: CapabilityItem[] | null;
  resource: CapabilityItem[] | null;
  prompt: CapabilityItem[] | null;
}

/** A discovered server's tools, resources and prompts as rows of tick boxes; null: not discovered. */
function itemsOf(server: ServerSummary, detail: ServerDetail | undefined): Kinds {
  if (!server.discoveredAt) return { tool: null, resource: null, prompt: null };
  return {
    tool: (detail?.tools ?? []).map((t) => ({
      id: t.name,
      name: t.name,
      detail: t.title ?? t.annotations.title ?? t.description,
      badges: <ToolAnnotationBadges annotations={t.annotations} />,
    })),
    resource: (detail?.resources ?? []).map((r) => ({
      id: pickId('resource', r.name),
      name: r.name,
      detail: r.kind === 'resource_template' ? `template · ${r.title ?? r.description ?? 'every URI it expands to'}` : (r.title ?? r.description),
    })),
    prompt: (detail?.prompts ?? []).map((p) => ({ id: p.name, name: p.name, detail: p.title ?? p.description })),
  };
}

const labelOf = (server: string, kind: Capability) => (i: CapabilityItem) => (kind === 'tool' ? `${server}:${i.name}` : `${server}:${kind}:${i.name}`);

function PresetButtons({ server, active, readOnlyOff, onPick }: { server: string; active: Preset | null; readOnlyOff: boolean; onPick: (p: Preset) => void }) {
  return (
    <div role="group" aria-label={`Presets for ${server}`} className="ml-auto flex gap-1">
      {presets.map((p) => (
        <button
          key={p.id}
          type="button"
          title={p.title}
          aria-pressed={active === p.id}
          disabled={p.id === 'read-only' && readOnlyOff}
          onClick={() => onPick(p.id)}
          className={cn(
            'h-6 cursor-pointer rounded border px-2 text-[12px] disabled:cursor-not-allowed disabled:opacity-50',
            active === p.id ? 'border-accent bg-bg font-medium text-fg' : 'border-border-strong text-muted hover:text-fg',
          )}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}

const HEADINGS: Record<Capability, string> = { tool: 'Tools', resource: 'Resources', prompt: 'Prompts' };

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
  const items = itemsOf(server, detail);
  const readOnly = (detail?.tools ?? []).filter(isReadOnly).map((t) => t.name);
  const headingId = `key-server-${server.name}`;
  const counts = (['tool', 'resource', 'prompt'] as const).map((k) => pickText(pick[k], items[k]?.length ?? null, k)).filter(Boolean);
  // Lists of a kind the server offers; resources and prompts only when it has any.
  const shown = (['tool', 'resource', 'prompt'] as const).filter((k) => k === 'tool' || (items[k]?.length ?? 0) > 0);
  return (
    <section aria-labelledby={headingId} className="min-w-0 rounded-md border border-border">
      <div className="flex flex-wrap items-center gap-2 border-b border-border bg-surface px-3 py-1.5">
        <h4 id={headingId} className="text-[13px] font-semibold">
          {server.name}
        </h4>
        <span className="text-[12px] text-muted" aria-live="polite">
          {counts.join(' · ')}
        </span>
        <PresetButtons server={server.name} active={activePreset(pick, readOnly)} readOnlyOff={items.tool === null} onPick={(p) => onChange(applyPreset(p, readOnly))} />
        <Button variant="ghost" size="icon" className="size-6 text-muted" aria-label={`Remove ${server.name} from the key`} onClick={onRemove}>
          <X aria-hidden="true" className="size-3.5" />
        </Button>
      </div>
      <div className="space-y-2 px-3 py-2">
        {items.tool === null ? (
          <p className="text-[13px] text-muted">
            What it offers is not discovered yet: allow everything, or discover it on Servers and choose here.
          </p>
        ) : (
          shown.map((kind) => {
            const list = items[kind] ?? [];
            return (
              <div key={kind} className="space-y-1">
                {shown.length > 1 ? <h5 className="text-[12px] font-medium text-muted">{HEADINGS[kind]}</h5> : null}
                {list.length === 0 ? (
                  <p className="text-[13px] text-muted">This server has no tools.</p>
                ) : (
                  <CapabilityList
                    server={server.name}
                    kind={NOUNS[kind].many}
                    label={labelOf(server.name, kind)}
                    items={list}
                    pick={pick[kind]}
                    onToggle={(id, on) => onChange({ ...pick, [kind]: toggleName(pick[kind], id, on, list.map((i) => i.id)) })}
                  />
                )}
              </div>
            );
          })
        )}
      </div>
    </section>
  );
}
