import { useState } from 'react';
import type { RateLimit } from '../../../src-preload/contract';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { choiceClass, FieldError } from '../../components/ui/field';
import { describeLimit, parseDraft, RateLimitFields, toDraft, type RateDraft } from './rate-limit-fields';
import { useApiMutation } from '../../lib/use-api-mutation';

const radio = choiceClass;

/** The limit of every key without its own. */
export function DefaultLimit({ current }: { current: RateLimit | null }) {
  const update = useApiMutation('settings.update');
  const [mode, setMode] = useState<'none' | 'limit'>(current ? 'limit' : 'none');
  const [draft, setDraft] = useState<RateDraft>(toDraft(current));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    let next: RateLimit | null = null;
    if (mode === 'limit') {
      const parsed = parseDraft(draft);
      if (typeof parsed === 'string') return setError(parsed);
      next = parsed;
    }
    setError(null);
    update.mutate({ defaultRateLimit: next }, { onSuccess: () => setSaved(true) });
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-label="Default rate limit">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="default-mode" className={radio} checked={mode === 'none'} onChange={() => setMode('none')} />
          Unlimited
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="default-mode" className={radio} checked={mode === 'limit'} onChange={() => setMode('limit')} />
          Limit each key and app to
        </label>
        <RateLimitFields
          label="Default limit"
          value={draft}
          onChange={(d) => {
            setDraft(d);
            setMode('limit');
          }}
          errorId={error ? 'default-limit-error' : undefined}
        />
        <Button type="submit" variant="primary" size="sm" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </Button>
        <span className="text-[13px] text-muted" aria-live="polite">
          {saved ? `Saved: ${describeLimit(current)}.` : `Now: ${describeLimit(current)}.`}
        </span>
      </div>
      <FieldError id="default-limit-error">{error}</FieldError>
      <ErrorAlert error={update.error} />
    </form>
  );
}
