// A rate limit (a key's, an OAuth app's, the default or a tool's) and a bucket's level
// as the Rate limits screen shows it.
export const rateWindows = ['second', 'minute', 'hour'] as const;
export type RateWindow = (typeof rateWindows)[number];

export interface RateLimit {
  limit: number;
  window: RateWindow;
}

export interface RateBucket {
  bucket: string;
  principalId: string;
  principalName: string | null;
  tool: string | null;
  tokens: number;
  capacity: number;
  window: RateWindow;
  updatedAt: string;
}
