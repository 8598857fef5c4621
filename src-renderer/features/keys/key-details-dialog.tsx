import { Pencil } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody } from '../../components/ui/dialog';
import { RelativeTime } from '../../components/ui/relative-time';
import { errorMessage } from '../../lib/api';
import { effectiveRateText } from '../../lib/rate';
import { useNow } from '../../lib/use-now';
import { useSettings } from '../rate-limits/use-settings';
import { KeyRulesSummary } from './key-rules-summary';
import { KeySecrets } from './key-secrets';
import { isLive, KeyStatusBadge } from './key-status-badge';
import { useKeyDetail } from './use-keys';

function Facts({ k, now, defaultRate }: { k: KeySummary; now: number; defaultRate: ReturnType<typeof useSettings>['data'] }) {
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1.5 text-sm">
      <dt className="text-muted">Status</dt>
      <dd>
        <KeyStatusBadge keySummary={k} now={now} />
      </dd>
      <dt className="text-muted">Id</dt>
      <dd className="font-mono text-[13px]">{k.id}</dd>
      <dt className="text-muted">Rate limit</dt>
      <dd>{effectiveRateText(k.rateLimit, defaultRate?.defaultRateLimit)}</dd>
      <dt className="text-muted">Expires</dt>
      <dd>{k.expiresAt ? <RelativeTime iso={k.expiresAt} now={now} /> : 'Never'}</dd>
      <dt className="text-muted">Last used</dt>
      <dd>{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} now={now} /> : 'Never'}</dd>
      <dt className="text-muted">Created</dt>
      <dd>
        <RelativeTime iso={k.createdAt} now={now} />
      </dd>
    </dl>
  );
}

export function KeyDetailsDialog({ target, onClose, onEdit }: { target: KeySummary | null; onClose: () => void; onEdit: (k: KeySummary) => void }) {
  const detail = useKeyDetail(target?.id ?? null);
  const settings = useSettings();
  const now = useNow();
  const k = detail.data ?? target;
  return (
    <Dialog open={target !== null} onClose={onClose} title={k?.name ?? 'Key'} description={k?.description || undefined} width="max-w-xl">
      {k ? (
        <DialogBody className="space-y-4">
          {k.revokedAt === null ? (
            <div className="flex justify-end">
              <Button size="sm" onClick={() => onEdit(k)}>
                <Pencil aria-hidden="true" className="size-3.5" />
                Edit key
              </Button>
            </div>
          ) : null}
          <Facts k={k} now={now} defaultRate={settings.data} />
          <section>
            <h3 className="mb-1 text-[13px] font-semibold">Allows</h3>
            <KeyRulesSummary rules={k.rules} />
          </section>
          {detail.isError ? (
            <Alert tone="danger">{errorMessage(detail.error)}</Alert>
          ) : detail.data ? (
            <KeySecrets detail={detail.data} now={now} />
          ) : (
            <p className="text-[13px] text-muted">Loading…</p>
          )}
          {!isLive(k) ? <p className="text-[13px] text-muted">This key no longer works; nothing here changes that.</p> : null}
        </DialogBody>
      ) : null}
    </Dialog>
  );
}
