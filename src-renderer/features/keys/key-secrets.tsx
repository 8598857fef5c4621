// A key's secrets, newest first, with the last call each one made: during a rotation
// grace this says whether anything still uses the old secret before the grace is ended.
import { useState } from 'react';
import type { KeyDetail, KeySecretInfo } from '../../../src-preload/contract';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { InlineConfirm } from '../../components/ui/inline-confirm';
import { ErrorAlert } from '../../components/ui/alert';
import { RelativeTime } from '../../components/ui/relative-time';
import { relative } from '../../lib/dates';
import { useApiMutation } from '../../lib/use-api-mutation';

const stateLabel = { current: 'current', grace: 'old, in grace', retired: 'retired' } as const;
const stateTone = { current: 'ok', grace: 'warn', retired: 'neutral' } as const;

function SecretRow({ s, now }: { s: KeySecretInfo; now: number }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2" aria-label={`Secret ${s.prefix}…`}>
      <span className="flex items-center gap-2">
        <span className="font-mono text-[13px]">{s.prefix}…</span>
        <Badge tone={stateTone[s.state]}>{stateLabel[s.state]}</Badge>
      </span>
      <span className="flex flex-wrap items-center gap-x-3 text-[13px] text-muted">
        <span>{s.lastUsedAt ? <RelativeTime iso={s.lastUsedAt} now={now} prefix="last used" /> : 'never used'}</span>
        <span>
          <RelativeTime iso={s.createdAt} now={now} prefix="created" />
        </span>
        {s.state === 'grace' && s.graceUntil ? (
          <span className="text-warn-fg">
            <RelativeTime iso={s.graceUntil} now={now} prefix="stops working" />
          </span>
        ) : null}
      </span>
    </li>
  );
}

function graceQuestion(old: KeySecretInfo[], now: number): string {
  const used = old.filter((s) => s.lastUsedAt).sort((a, b) => b.lastUsedAt!.localeCompare(a.lastUsedAt!))[0];
  const which = old.map((s) => `${s.prefix}…`).join(', ');
  return used
    ? `The old secret ${which} was last used ${relative(used.lastUsedAt!, now)}: anything still using it loses access now.`
    : `The old secret ${which} has not been used since it was replaced. It stops working now.`;
}

export function KeySecrets({ detail, now }: { detail: KeyDetail; now: number }) {
  const [asking, setAsking] = useState(false);
  const end = useApiMutation('keys.endGrace');
  const old = detail.secrets.filter((s) => s.state === 'grace');
  return (
    <section aria-labelledby="key-secrets-title">
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 id="key-secrets-title" className="text-[13px] font-semibold">
          Secrets
        </h3>
        {old.length && !asking ? (
          <Button size="sm" onClick={() => setAsking(true)}>
            End grace now
          </Button>
        ) : null}
      </div>
      {asking && old.length ? (
        <InlineConfirm
          label="End grace"
          pendingLabel="Ending…"
          variant="danger"
          pending={end.isPending}
          onCancel={() => setAsking(false)}
          onConfirm={() => end.mutate({ id: detail.id }, { onSuccess: () => setAsking(false) })}
        >
          {graceQuestion(old, now)}
        </InlineConfirm>
      ) : null}
      <ErrorAlert error={end.error} lead="The grace was not ended." />
      <ul className="divide-y divide-border">
        {detail.secrets.map((s) => (
          <SecretRow key={`${s.prefix}-${s.createdAt}`} s={s} now={now} />
        ))}
      </ul>
    </section>
  );
}
