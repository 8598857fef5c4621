import type { KeySecretInfo, KeySummary } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Dialog, DialogBody } from '../../components/ui/dialog';
import { RelativeTime } from '../../components/ui/relative-time';
import { errorMessage } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { KeyStatusBadge } from './key-status-badge';
import { useKeyDetail } from './use-keys';

const stateTone = { current: 'ok', grace: 'warn', retired: 'neutral' } as const;

function SecretRow({ s, now }: { s: KeySecretInfo; now: number }) {
  return (
    <li className="flex items-center justify-between gap-3 py-2">
      <span className="font-mono text-[13px]">{s.prefix}…</span>
      <span className="flex items-center gap-3 text-[13px] text-muted">
        <span>
          created <RelativeTime iso={s.createdAt} now={now} />
        </span>
        {s.state === 'grace' && s.graceUntil ? (
          <span>
            <RelativeTime iso={s.graceUntil} now={now} prefix="stops working" />
          </span>
        ) : null}
        <Badge tone={stateTone[s.state]}>{s.state}</Badge>
      </span>
    </li>
  );
}

export function KeyDetailsDialog({ target, onClose }: { target: KeySummary | null; onClose: () => void }) {
  const detail = useKeyDetail(target?.id ?? null);
  const now = useNow();
  const k = detail.data ?? target;
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={k?.name ?? 'Key'}
      width="max-w-xl"
    >
      {k ? (
        <DialogBody className="space-y-4">
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1.5 text-sm">
            <dt className="text-muted">Status</dt>
            <dd>
              <KeyStatusBadge keySummary={k} now={now} />
            </dd>
            <dt className="text-muted">Id</dt>
            <dd className="font-mono text-[13px]">{k.id}</dd>
            <dt className="text-muted">Rate limit</dt>
            <dd>{k.rateLimit ? `${k.rateLimit.limit} calls per ${k.rateLimit.window}` : 'None'}</dd>
            <dt className="text-muted">Expires</dt>
            <dd>{k.expiresAt ? <RelativeTime iso={k.expiresAt} now={now} /> : 'Never'}</dd>
          </dl>
          <section>
            <h3 className="mb-1 text-[13px] font-semibold">Rules</h3>
            {k.rules.length === 0 ? (
              <p className="text-[13px] text-muted">No rules: this key can call nothing.</p>
            ) : (
              <ul className="space-y-1">
                {k.rules.map((r, i) => (
                  <li key={i} className="flex items-center gap-2 text-[13px]">
                    <Badge tone={r.effect === 'allow' ? 'ok' : 'danger'}>{r.effect}</Badge>
                    <span className="font-mono">{r.pattern}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section>
            <h3 className="mb-1 text-[13px] font-semibold">Secrets</h3>
            {detail.isError ? (
              <Alert tone="danger">{errorMessage(detail.error)}</Alert>
            ) : detail.data ? (
              <ul className="divide-y divide-border">
                {detail.data.secrets.map((s) => (
                  <SecretRow key={`${s.prefix}-${s.createdAt}`} s={s} now={now} />
                ))}
              </ul>
            ) : (
              <p className="text-[13px] text-muted">Loading…</p>
            )}
          </section>
        </DialogBody>
      ) : null}
    </Dialog>
  );
}
