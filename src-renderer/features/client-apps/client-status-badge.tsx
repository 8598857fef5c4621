import type { ClientServerEntry } from '../../../src-preload/contract';
import { Badge } from '../../components/ui/badge';

const driftWords: Record<NonNullable<ClientServerEntry['driftReason']>, string> = {
  missing: 'entry removed by the app',
  changed: 'entry changed by the app',
  unrecorded: 'launches Gatehouse, but this data has no record of it',
};

export function driftText(reason: ClientServerEntry['driftReason']): string {
  return reason ? driftWords[reason] : 'changed outside Gatehouse';
}

export function ClientStatusBadge({ entry }: { entry: ClientServerEntry }) {
  if (entry.status === 'protected') return <Badge tone="ok">Protected</Badge>;
  if (entry.status === 'drifted') {
    return (
      <Badge tone="warn" title={driftText(entry.driftReason)}>
        Drifted · {driftText(entry.driftReason)}
      </Badge>
    );
  }
  return <Badge tone="neutral">Unprotected</Badge>;
}
