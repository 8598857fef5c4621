import { useEffect, useRef, useState } from 'react';
import { Globe, Loader2, Pencil, RefreshCw, Terminal, Trash2 } from 'lucide-react';
import type { ServerSummary } from '../../../src-preload/contract';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { DisclosureButton } from '../../components/ui/disclosure-button';
import { RelativeTime } from '../../components/ui/relative-time';
import { errorMessage } from '../../lib/api';
import { DiscoveryError } from './discovery-error';
import { ExposePanel } from './expose-panel';
import type { ServersSearch } from './servers-search';
import { ToolCatalog } from './tool-catalog';
import { useApiMutation } from '../../lib/use-api-mutation';

/** How the server starts or where it lives, as one line a person could paste. */
export function launchLine(s: ServerSummary): string {
  if (s.transport === 'http') return s.url ?? '';
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [s.command ?? '', ...s.args.map(quote)].join(' ');
}

/** A link to this row brings it into view, with its catalog open at the tool, or its HTTP settings. */
function useLinked(linked: ServersSearch | null | undefined, setOpen: (open: boolean) => void) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!linked) return;
    // A catalog entry scrolls itself into view (ToolCatalog); scrolling the row after it would undo that.
    if (linked.tool) return setOpen(true);
    ref.current?.scrollIntoView({ block: 'start' });
    if (!linked.open) ref.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [linked, setOpen]);
  return { ref, expose: linked?.open === 'expose' ? linked : null, tool: linked?.tool ?? null };
}

export function ServerRow({
  server: s,
  now,
  onEdit,
  onRemove,
  linked,
}: {
  server: ServerSummary;
  now: number;
  onEdit: () => void;
  onRemove: () => void;
  /** What a link asked of this row (from the search palette). */
  linked?: ServersSearch | null;
}) {
  const [open, setOpen] = useState(false);
  const link = useLinked(linked, setOpen);
  const discover = useApiMutation('servers.discover');
  const running = discover.isPending;
  const catalogId = `tools-${s.id}`;
  // The stored error is the truth once the list refetched; the mutation's error bridges the gap.
  const error = s.discoveryError ?? (discover.isError ? errorMessage(discover.error) : null);

  return (
    <li ref={link.ref} className="scroll-mt-4 rounded-lg border border-border bg-bg" aria-label={s.name}>
      <div className="flex items-start gap-3 px-4 py-3">
        <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-md bg-surface-2 text-muted">
          {s.transport === 'stdio' ? (
            <Terminal aria-hidden="true" className="size-4" />
          ) : (
            <Globe aria-hidden="true" className="size-4" />
          )}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 tabIndex={-1} className="text-[15px] font-semibold">{s.name}</h2>
            <Badge tone="neutral">{s.transport === 'stdio' ? 'stdio' : 'HTTP'}</Badge>
            {s.serverInfo ? (
              <span className="text-xs text-muted">
                {s.serverInfo.name} {s.serverInfo.version}
              </span>
            ) : null}
            {s.aliases.length ? (
              <span className="text-xs text-muted" title="The name client apps use in their configs; it finds this server too">
                in client configs: {s.aliases.map((a) => `“${a}”`).join(', ')}
              </span>
            ) : null}
          </div>
          <p className="mt-0.5 truncate font-mono text-[12px] text-muted" title={launchLine(s)}>
            {launchLine(s)}
          </p>
          <ServerFacts server={s} now={now} running={running} />
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <Button size="sm" onClick={() => discover.mutate({ name: s.name })} disabled={running} aria-label={`Discover tools of ${s.name}`}>
            {running ? (
              <Loader2 aria-hidden="true" className="size-3.5 animate-spin" />
            ) : (
              <RefreshCw aria-hidden="true" className="size-3.5" />
            )}
            {running ? 'Discovering…' : 'Discover'}
          </Button>
          <DisclosureButton open={open} onToggle={() => setOpen((o) => !o)} controls={catalogId} what={`tools of ${s.name}`}>
            Tools
          </DisclosureButton>
          <Button size="sm" variant="ghost" aria-label={`Edit ${s.name}`} onClick={onEdit}>
            <Pencil aria-hidden="true" className="size-3.5" />
          </Button>
          <Button size="sm" variant="ghost" className="text-danger" aria-label={`Remove ${s.name}`} onClick={onRemove}>
            <Trash2 aria-hidden="true" className="size-3.5" />
          </Button>
        </div>
      </div>
      <div aria-live="polite" className="px-4 empty:hidden [&:not(:empty)]:pb-3">
        {running ? (
          <p className="text-[13px] text-muted">Starting {s.name} and asking for its tools (up to 20 s)…</p>
        ) : error ? (
          <DiscoveryError message={error} />
        ) : null}
      </div>
      <ExposePanel server={s} now={now} linkedOpen={link.expose} />
      {open ? <ToolCatalog name={s.name} id={catalogId} highlight={link.tool} /> : null}
    </li>
  );
}

/** Tool count, last discovery and the names (never values) of the stored env or headers. */
function ServerFacts({ server: s, now, running }: { server: ServerSummary; now: number; running: boolean }) {
  const secretNames = s.transport === 'stdio' ? s.envNames : s.headerNames;
  return (
    <p className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-[13px] text-muted">
      <span>
        {s.toolCount > 0 || (s.discoveredAt && !s.discoveryError)
          ? `${s.toolCount} ${s.toolCount === 1 ? 'tool' : 'tools'}`
          : s.discoveryError
            ? 'No tools known'
            : 'Tools not discovered yet'}
      </span>
      <span>
        {running ? (
          'Discovering…'
        ) : s.discoveredAt ? (
          <>
            {s.discoveryError ? 'Discovery failed' : 'Last discovery'} <RelativeTime iso={s.discoveredAt} now={now} />
          </>
        ) : s.discoveryError ? (
          'Discovery failed'
        ) : (
          'Never discovered'
        )}
      </span>
      {secretNames.length > 0 ? (
        <span title="Values are stored encrypted and never shown">
          {s.transport === 'stdio' ? 'env' : 'headers'}: <span className="font-mono">{secretNames.join(', ')}</span>
        </span>
      ) : null}
    </p>
  );
}
