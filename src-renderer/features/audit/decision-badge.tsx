import { Badge, type BadgeTone } from '../../components/ui/badge';

const looks: Record<string, { tone: BadgeTone; label: string }> = {
  allowed: { tone: 'ok', label: 'allowed' },
  denied: { tone: 'danger', label: 'denied' },
  rate_limited: { tone: 'warn', label: 'rate limited' },
  error: { tone: 'danger', label: 'error' },
};

export function DecisionBadge({ decision }: { decision: string | null }) {
  if (!decision) return <span className="text-muted">—</span>;
  const look = looks[decision] ?? { tone: 'neutral' as const, label: decision };
  return <Badge tone={look.tone}>{look.label}</Badge>;
}

/** Chart colours per decision, from the theme tokens so both themes read well. */
export const decisionColors = {
  allowed: 'var(--gh-ok-fg)',
  denied: 'var(--gh-danger)',
  rate_limited: 'var(--gh-warn-fg)',
  error: 'var(--gh-muted)',
} as const;

export const decisionLabels = {
  allowed: 'Allowed',
  denied: 'Denied',
  rate_limited: 'Rate limited',
  error: 'Error',
} as const;
