import type { KeySummary } from '../../../src-preload/contract';
import { Badge } from '../../components/ui/badge';
import { exact, relative } from '../../lib/dates';

export function KeyStatusBadge({ keySummary: k, now }: { keySummary: KeySummary; now: number }) {
  switch (k.status) {
    case 'active':
      return <Badge tone="ok">Active</Badge>;
    case 'rotating':
      return (
        <Badge tone="warn" title={k.graceUntil ? `The old key works until ${exact(k.graceUntil)}` : undefined}>
          {k.graceUntil ? `Rotating · old key ends ${relative(k.graceUntil, now)}` : 'Rotating'}
        </Badge>
      );
    case 'expired':
      return (
        <Badge tone="neutral" title={k.expiresAt ? `Expired ${exact(k.expiresAt)}` : undefined}>
          Expired
        </Badge>
      );
    case 'revoked':
      return (
        <Badge tone="danger" title={k.revokedAt ? `Revoked ${exact(k.revokedAt)}` : undefined}>
          Revoked
        </Badge>
      );
  }
}

/** Whether rotate and revoke still mean anything for this key. */
export function isLive(k: KeySummary): boolean {
  return k.status === 'active' || k.status === 'rotating';
}
