import { Inbox } from 'lucide-react';
import { EmptyState } from '../../components/ui/empty-state';
import { LoadError } from '../../components/ui/load-error';
import { useNow } from '../../lib/use-now';
import { PendingConsentRow } from './pending-consent-row';
import { usePendingConsents } from './use-oauth';

export function ConsentsSection() {
  const pending = usePendingConsents();
  const now = useNow(5_000);
  const list = pending.data ?? [];

  return (
    <section aria-labelledby="oauth-consents-title">
      <div className="mb-3">
        <h2 id="oauth-consents-title" className="text-[15px] font-semibold">
          Pending consent requests
        </h2>
        <p className="text-[13px] text-muted">
          Apps waiting for your answer. Click Allow or Deny here; the browser tab the app opened continues on its own.
          This list refreshes every 5 seconds.
        </p>
      </div>
      {pending.isPending ? (
        <p className="py-10 text-center text-sm text-muted" aria-live="polite">
          Loading requests…
        </p>
      ) : pending.isError ? (
        <LoadError what="The pending requests" error={pending.error} onRetry={() => void pending.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState icon={Inbox} title="No app is waiting for consent">
          When an MCP app starts an OAuth sign-in to an exposed server, its request shows here until you allow or deny
          it.
        </EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Pending consent requests">
          {list.map((c) => (
            <PendingConsentRow key={c.uid} c={c} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
