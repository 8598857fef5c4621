import { CircleAlert, Loader2 } from 'lucide-react';
import type { ServerDetail } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { Select } from '../../components/ui/field';
import { readOnlyTools, type ToolChoice } from './first-run-rules';

export interface Found {
  name: string;
  state: 'waiting' | 'discovering' | 'ready' | 'failed' | 'skipped';
  detail: ServerDetail | null;
  error: string | null;
  choice: ToolChoice;
}

/**
 * Each found server with its discovery state and the tools the new key may call; a server
 * still being asked can be skipped, and one that failed or was skipped asked again.
 */
export function FoundTools({
  found,
  onChoice,
  onSkip,
  onRetry,
}: {
  found: Found[];
  onChoice: (server: string, choice: ToolChoice) => void;
  onSkip: (server: string) => void;
  /** Absent while discoveries run. */
  onRetry?: (server: string) => void;
}) {
  return (
    <ul aria-label="Servers and their tools" className="divide-y divide-border rounded-md border border-border">
      {found.map((f) => {
        const ro = f.detail ? readOnlyTools(f.detail).length : 0;
        return (
          <li key={f.name} aria-label={f.name} className="flex items-center gap-3 px-3 py-2 text-sm">
            <span className="w-40 truncate font-medium">{f.name}</span>
            <span className="flex-1 text-[13px] text-muted">
              {f.state === 'waiting' ? (
                'Waiting…'
              ) : f.state === 'discovering' ? (
                <span className="inline-flex items-center gap-1.5">
                  <Loader2 aria-hidden="true" className="size-3.5 animate-spin" />
                  Asking for its tools…
                </span>
              ) : f.state === 'failed' ? (
                <span className="inline-flex items-center gap-1.5 text-danger">
                  <CircleAlert aria-hidden="true" className="size-3.5" />
                  Could not list its tools
                </span>
              ) : f.state === 'skipped' ? (
                'Skipped'
              ) : (
                `${f.detail!.tools.length} ${f.detail!.tools.length === 1 ? 'tool' : 'tools'}${ro ? `, ${ro} read-only` : ''}`
              )}
            </span>
            {f.state === 'ready' && f.detail ? (
              <Select
                aria-label={`Tools of ${f.name} the key may call`}
                value={f.choice}
                onChange={(e) =>
                  onChoice(f.name, e.target.value as ToolChoice)
                }
              >
                <option value="all">All tools</option>
                {ro ? <option value="read-only">Read-only tools</option> : null}
              </Select>
            ) : f.state === 'waiting' || f.state === 'discovering' ? (
              <Button size="sm" variant="ghost" aria-label={`Skip ${f.name}`} onClick={() => onSkip(f.name)}>
                Skip
              </Button>
            ) : (f.state === 'failed' || f.state === 'skipped') && onRetry ? (
              <Button size="sm" aria-label={`Try again for ${f.name}`} onClick={() => onRetry(f.name)}>
                Try again
              </Button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
