import { useState } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { rulePatternSchema, type ToolRateLimit } from '../../../src-preload/contract';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Code, FieldError, Hint, Input } from '../../components/ui/field';
import { describeLimit, parseDraft, RateLimitFields, type RateDraft } from './rate-limit-fields';
import { useApiMutation } from '../../lib/use-api-mutation';

/** Per key × tool limits by pattern; the first that matches a call applies. */
export function ToolLimits({ limits }: { limits: ToolRateLimit[] }) {
  const update = useApiMutation('settings.update');
  const [pattern, setPattern] = useState('');
  const [draft, setDraft] = useState<RateDraft>({ limit: '10', window: 'minute' });
  const [error, setError] = useState<{ field: 'pattern' | 'limit'; message: string } | null>(null);

  function add(e: React.FormEvent) {
    e.preventDefault();
    const p = rulePatternSchema.safeParse(pattern);
    if (!p.success) return setError({ field: 'pattern', message: 'A pattern is SERVER:TOOLGLOB (or SERVER:resource:URIGLOB, SERVER:prompt:NAMEGLOB), for example fs:write_* or *:*' });
    const parsed = parseDraft(draft);
    if (typeof parsed === 'string') return setError({ field: 'limit', message: parsed });
    if (limits.some((l) => l.pattern === p.data)) return setError({ field: 'pattern', message: 'This pattern already has a limit; remove it first.' });
    setError(null);
    // Cleared now, not on success: clearing later could wipe what the user has typed since.
    setPattern('');
    update.mutate(
      { toolRateLimits: [...limits, { pattern: p.data, ...parsed }] },
      { onError: () => setPattern((typed) => typed || p.data) },
    );
  }

  function remove(i: number) {
    update.mutate({ toolRateLimits: limits.filter((_, j) => j !== i) });
  }

  return (
    <div className="space-y-3">
      {limits.length === 0 ? (
        <p className="text-[13px] text-muted">No per-tool limits. Add one to slow down an expensive or risky tool for every key and app.</p>
      ) : (
        <ul className="divide-y divide-border rounded-md border border-border" aria-label="Per-tool limits">
          {limits.map((l, i) => (
            <li key={l.pattern} className="flex items-center justify-between gap-3 px-3 py-1.5">
              <span className="flex items-center gap-3">
                <span className="w-6 text-right text-xs text-muted">{i + 1}.</span>
                <span className="font-mono text-[13px]">{l.pattern}</span>
                <span className="text-sm">{describeLimit(l)}</span>
              </span>
              <Button
                size="icon"
                variant="ghost"
                className="text-muted"
                aria-label={`Remove the limit on ${l.pattern}`}
                disabled={update.isPending}
                onClick={() => remove(i)}
              >
                <Trash2 aria-hidden="true" className="size-4" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="flex flex-wrap items-center gap-2" aria-label="Add a per-tool limit">
        <Input
          aria-label="Tool pattern"
          mono
          className="w-72"
          placeholder="server:tool, e.g. fs:write_*"
          value={pattern}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error?.field === 'pattern' ? true : undefined}
          aria-describedby={error ? 'tool-limit-error' : undefined}
          onChange={(e) => setPattern(e.target.value)}
        />
        <RateLimitFields label="Tool limit" value={draft} onChange={setDraft} errorId={error?.field === 'limit' ? 'tool-limit-error' : undefined} />
        <Button type="submit" size="sm" disabled={update.isPending}>
          <Plus aria-hidden="true" className="size-3.5" />
          Add limit
        </Button>
      </form>
      <FieldError id="tool-limit-error">{error?.message}</FieldError>
      <Hint>
        Each key and app gets its own bucket per tool: <Code>fs:write_*</Code> at 10 per minute lets every key and app call each write tool
        10 times a minute. The first matching pattern applies.
      </Hint>
      <ErrorAlert error={update.error} />
    </div>
  );
}
