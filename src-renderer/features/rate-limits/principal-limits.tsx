import { useState } from 'react';
import type { RateLimit } from '../../../src-preload/contract';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { FieldError, Select } from '../../components/ui/field';
import { errorMessage } from '../../lib/api';
import { describeLimit, parseDraft, RateLimitFields, toDraft, type RateDraft } from './rate-limit-fields';
import { useSetPrincipalLimit, type Principal } from './use-principal-limit';

function PrincipalLimitRow({ p, fallback }: { p: Principal; fallback: RateLimit | null }) {
  const set = useSetPrincipalLimit();
  const [own, setOwn] = useState(p.rateLimit !== null);
  const [draft, setDraft] = useState<RateDraft>(toDraft(p.rateLimit, toDraft(fallback)));
  const [error, setError] = useState<string | null>(null);
  const errId = `limit-${p.kind}-${p.id.replace(/[^A-Za-z0-9_-]/g, '_')}-error`;
  const dirty =
    own !== (p.rateLimit !== null) ||
    (own && (draft.limit !== String(p.rateLimit?.limit ?? '') || draft.window !== p.rateLimit?.window));

  function save() {
    let next: RateLimit | null = null;
    if (own) {
      const parsed = parseDraft(draft);
      if (typeof parsed === 'string') return setError(parsed);
      next = parsed;
    }
    setError(null);
    set.mutate({ kind: p.kind, id: p.id, rateLimit: next });
  }

  const message = error ?? (set.isError ? errorMessage(set.error) : null);
  return (
    <tr className="border-b border-border last:border-b-0">
      <th scope="row" className="py-2 pr-3 text-left text-sm font-medium">
        <span className="flex items-center gap-2">
          <span className="truncate" title={p.kind === 'app' ? p.id : undefined}>
            {p.name}
          </span>
          <Badge tone="neutral">{p.kind === 'key' ? 'API key' : 'OAuth app'}</Badge>
        </span>
      </th>
      <td className="py-2 pr-3 text-[13px] text-muted">
        {p.rateLimit ? `own: ${describeLimit(p.rateLimit)}` : `default: ${describeLimit(fallback)}`}
      </td>
      <td className="py-2 pr-3">
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label={`Limit of ${p.name}`} value={own ? 'own' : 'default'} onChange={(e) => setOwn(e.target.value === 'own')}>
            <option value="default">Use the default</option>
            <option value="own">Own limit</option>
          </Select>
          {own ? <RateLimitFields label={`Limit of ${p.name}`} value={draft} onChange={setDraft} errorId={message ? errId : undefined} /> : null}
          <Button size="sm" onClick={save} disabled={!dirty || set.isPending} aria-label={`Save the limit of ${p.name}`}>
            {set.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
        <FieldError id={errId}>{message}</FieldError>
      </td>
    </tr>
  );
}

/** Each live key and enabled OAuth app with its own limit or the default, editable in place. */
export function PrincipalLimits({ principals, fallback }: { principals: Principal[]; fallback: RateLimit | null }) {
  if (principals.length === 0) {
    return (
      <p className="text-[13px] text-muted">
        No active keys or MCP apps yet. Create a key on the API keys screen, or let an app sign in through the gateway; each gets the
        default limit.
      </p>
    );
  }
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="border-b border-border text-left text-xs text-muted">
          <th scope="col" className="pb-1.5 font-medium">
            Key or app
          </th>
          <th scope="col" className="pb-1.5 font-medium">
            Now
          </th>
          <th scope="col" className="pb-1.5 font-medium">
            Change
          </th>
        </tr>
      </thead>
      <tbody>
        {principals.map((p) => (
          // Remount on a saved change so the fields start from the stored value.
          <PrincipalLimitRow key={`${p.kind}:${p.id}:${p.rateLimit?.limit ?? ''}:${p.rateLimit?.window ?? ''}`} p={p} fallback={fallback} />
        ))}
      </tbody>
    </table>
  );
}
