// The choices offered for expiry and rotation grace, in seconds.
const HOUR = 3600;
const DAY = 24 * HOUR;

export const expiryChoices = [
  { value: '7d', label: '7 days', seconds: 7 * DAY },
  { value: '30d', label: '30 days', seconds: 30 * DAY },
  { value: '90d', label: '90 days', seconds: 90 * DAY },
  { value: '1y', label: '1 year', seconds: 365 * DAY },
  { value: 'never', label: 'Never', seconds: null },
] as const;
export type ExpiryChoice = (typeof expiryChoices)[number]['value'];
export const DEFAULT_EXPIRY: ExpiryChoice = '30d';

export function expirySeconds(choice: ExpiryChoice): number | null {
  return expiryChoices.find((c) => c.value === choice)?.seconds ?? null;
}

export const graceChoices = [
  { value: 0, label: 'Now', explain: 'The old key stops working immediately.' },
  { value: HOUR, label: '1 hour', explain: 'The old key keeps working for 1 hour.' },
  { value: 24 * HOUR, label: '24 hours', explain: 'The old key keeps working for 24 hours.' },
  { value: 7 * DAY, label: '7 days', explain: 'The old key keeps working for 7 days.' },
] as const;
export const DEFAULT_GRACE = 24 * HOUR;
