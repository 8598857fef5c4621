// A rate limit in words, the way every screen says it: "120/min", "Default (120/min)".
import type { RateLimit } from '../../src-preload/rate-limit';

const unit = { second: 'sec', minute: 'min', hour: 'hour' } as const;

export function rateText(r: RateLimit): string {
  return `${r.limit.toLocaleString('en-US')}/${unit[r.window]}`;
}

/** What "no limit of its own" means: the default, which may itself be off. */
export function defaultRateText(defaultLimit: RateLimit | null | undefined): string {
  if (defaultLimit === undefined) return 'Default';
  return defaultLimit ? `Default (${rateText(defaultLimit)})` : 'Default (no limit)';
}

/** A key's or app's limit: its own, or the default it falls back to. */
export function effectiveRateText(own: RateLimit | null, defaultLimit: RateLimit | null | undefined): string {
  return own ? rateText(own) : defaultRateText(defaultLimit);
}
