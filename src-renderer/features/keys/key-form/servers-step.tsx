import { Link } from '@tanstack/react-router';
import type { ServerSummary } from '../../../../src-preload/contract';
import { Step } from './section';
import { Checkbox } from '../../../components/ui/field';

function launchOf(s: ServerSummary): string {
  return s.transport === 'http' ? (s.url ?? '') : [s.command ?? '', ...s.args].join(' ');
}

function toolNote(s: ServerSummary): string {
  if (!s.discoveredAt) return 'tools not discovered yet';
  return `${s.toolCount} ${s.toolCount === 1 ? 'tool' : 'tools'}`;
}

/** Step 2: which registered servers the key may use at all. */
export function ServersStep({
  servers,
  chosen,
  onToggle,
}: {
  servers: ServerSummary[];
  chosen: string[];
  onToggle: (server: ServerSummary, on: boolean) => void;
}) {
  return (
    <Step step={2} title="Servers" hint="The key may use only the servers you tick here; choose what it may use of each below.">
      {servers.length === 0 ? (
        <p className="rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px] text-muted">
          No server is registered yet. Add one on{' '}
          <Link to="/servers" className="font-medium text-fg underline">
            Servers
          </Link>
          , or write a pattern below for a server you will add later.
        </p>
      ) : (
        <ul className="divide-y divide-border rounded-md border border-border" aria-label="Servers">
          {servers.map((s) => (
            <li key={s.name} className="min-w-0 px-3 py-1.5">
              <label className="flex min-w-0 items-center gap-2.5 text-sm">
                <Checkbox
                  checked={chosen.includes(s.name)}
                  onChange={(e) => onToggle(s, e.target.checked)}
                />
                <span className="shrink-0 font-medium">{s.name}</span>
                <span className="shrink-0 text-[12px] text-muted">· {toolNote(s)}</span>
                <span className="min-w-0 flex-1 truncate text-right font-mono text-[12px] text-muted" title={launchOf(s)}>
                  {launchOf(s)}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </Step>
  );
}
