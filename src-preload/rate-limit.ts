// The shape of a rate limit, shared by the keys and OAuth parts of the contract.
import { z } from 'zod';

export const rateWindows = ['second', 'minute', 'hour'] as const;
export const rateLimitSchema = z.object({
  limit: z.number().int().min(1).max(1_000_000),
  window: z.enum(rateWindows),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;
