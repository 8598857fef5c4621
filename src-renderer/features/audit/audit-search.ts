// The Audit screen's filters live in the URL (#/audit?decision=denied&since=1h), so a
// filtered view can be bookmarked, shared and restored with Back. Kept free of zod:
// the router (first load) imports this file.
export const decisions = ['allowed', 'denied', 'rate_limited', 'error'] as const;
export type Decision = (typeof decisions)[number];

export const sinceChoices = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const;
export type Since = (typeof sinceChoices)[number]['value'];

export interface AuditSearch {
  principal?: string;
  server?: string;
  tool?: string;
  decision?: Decision;
  since?: Since;
}

function text(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
}

/** Keeps only what the screen understands; anything else in the URL is dropped. */
export function parseAuditSearch(raw: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  const principal = text(raw.principal, 100);
  const server = text(raw.server, 100);
  const tool = text(raw.tool, 200);
  if (principal) out.principal = principal;
  if (server) out.server = server;
  if (tool) out.tool = tool;
  if (decisions.includes(raw.decision as Decision)) out.decision = raw.decision as Decision;
  if (sinceChoices.some((c) => c.value === raw.since)) out.since = raw.since as Since;
  return out;
}

export function sinceIso(since: Since | undefined, now = Date.now()): string | undefined {
  const choice = sinceChoices.find((c) => c.value === since);
  return choice ? new Date(now - choice.ms).toISOString() : undefined;
}
