// The shape of a rate limit, shared by the keys and OAuth parts of the contract, and
// of a bucket's level on the Rate limits screen.
import { z } from 'zod';

export const rateWindows = ['second', 'minute', 'hour'] as const;
export const rateLimitSchema = z.object({
  limit: z.number().int().min(1).max(1_000_000),
  window: z.enum(rateWindows),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export interface RateBucket {
  bucket: string;
  principalId: string;
  principalName: string | null;
  tool: string | null;
  tokens: number;
  capacity: number;
  window: RateLimit['window'];
  updatedAt: string;
}
