import { useState } from 'react';
import type { KeySummary, RateLimit } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { FieldError, Select } from '../../components/ui/field';
import { errorMessage } from '../../lib/api';
import { describeLimit, parseDraft, RateLimitFields, toDraft, type RateDraft } from './rate-limit-fields';
import { useSetKeyLimit } from './use-key-limit';

function KeyLimitRow({ k, fallback }: { k: KeySummary; fallback: RateLimit | null }) {
  const set = useSetKeyLimit();
  const [own, setOwn] = useState(k.rateLimit !== null);
  const [draft, setDraft] = useState<RateDraft>(toDraft(k.rateLimit, toDraft(fallback)));
  const [error, setError] = useState<string | null>(null);
  const errId = `key-limit-${k.id}-error`;
  const dirty =
    own !== (k.rateLimit !== null) ||
    (own && (draft.limit !== String(k.rateLimit?.limit ?? '') || draft.window !== k.rateLimit?.window));

  function save() {
    let next: RateLimit | null = null;
    if (own) {
      const parsed = parseDraft(draft);
      if (typeof parsed === 'string') return setError(parsed);
      next = parsed;
    }
    setError(null);
    set.mutate({ id: k.id, rateLimit: next });
  }

  const message = error ?? (set.isError ? errorMessage(set.error) : null);
  return (
    <tr className="border-b border-border last:border-b-0">
      <th scope="row" className="py-2 pr-3 text-left text-sm font-medium">
        {k.name}
      </th>
      <td className="py-2 pr-3 text-[13px] text-muted">
        {k.rateLimit ? `own: ${describeLimit(k.rateLimit)}` : `default: ${describeLimit(fallback)}`}
      </td>
      <td className="py-2 pr-3">
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label={`Limit of ${k.name}`} value={own ? 'own' : 'default'} onChange={(e) => setOwn(e.target.value === 'own')}>
            <option value="default">Use the default</option>
            <option value="own">Own limit</option>
          </Select>
          {own ? <RateLimitFields label={`Limit of ${k.name}`} value={draft} onChange={setDraft} errorId={message ? errId : undefined} /> : null}
          <Button size="sm" onClick={save} disabled={!dirty || set.isPending} aria-label={`Save the limit of ${k.name}`}>
            {set.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
        <FieldError id={errId}>{message}</FieldError>
      </td>
    </tr>
  );
}

/** Each live key with its own limit or the default, editable in place. */
export function KeyLimits({ keys, fallback }: { keys: KeySummary[]; fallback: RateLimit | null }) {
  if (keys.length === 0) {
    return <p className="text-[13px] text-muted">No active keys. Create one on the API keys screen; it gets the default limit.</p>;
  }
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="border-b border-border text-left text-xs text-muted">
          <th scope="col" className="pb-1.5 font-medium">Key</th>
          <th scope="col" className="pb-1.5 font-medium">Now</th>
          <th scope="col" className="pb-1.5 font-medium">Change</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          // Remount on a saved change so the fields start from the stored value.
          <KeyLimitRow key={`${k.id}:${k.rateLimit?.limit ?? ''}:${k.rateLimit?.window ?? ''}`} k={k} fallback={fallback} />
        ))}
      </tbody>
    </table>
  );
}
