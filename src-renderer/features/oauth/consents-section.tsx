import { Inbox } from 'lucide-react';
import { EmptyState } from '../../components/ui/empty-state';
import { QueryStates } from '../../components/ui/load-error';
import { SectionHeader } from '../../components/ui/page-header';
import { useNow } from '../../lib/use-now';
import { PendingConsentRow } from './pending-consent-row';
import { usePendingConsents } from './use-oauth';

export function ConsentsSection() {
  const pending = usePendingConsents();
  const now = useNow(5_000);
  const list = pending.data ?? [];

  const empty = (
    <EmptyState icon={Inbox} title="No app is waiting for consent">
      When an MCP app starts an OAuth sign-in to an exposed server, its request shows here until you allow or deny
      it.
    </EmptyState>
  );

  return (
    <section aria-labelledby="oauth-consents-title">
      <SectionHeader id="oauth-consents-title" title="Pending consent requests">
        Apps waiting for your answer. Click Allow or Deny here; the browser tab the app opened continues on its own.
        This list refreshes every 5 seconds.
      </SectionHeader>
      <QueryStates query={pending} loading="Loading requests…" what="The pending requests" isEmpty={list.length === 0} empty={empty}>
        <ul className="space-y-2" aria-label="Pending consent requests">
          {list.map((c) => (
            <PendingConsentRow key={c.uid} c={c} now={now} />
          ))}
        </ul>
      </QueryStates>
    </section>
  );
}
