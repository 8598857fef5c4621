// The zod shape of a rate limit, shared by the keys and OAuth parts of the contract
// (the type itself is the domain model's: src-shared/model/rate-limit).
import { z } from 'zod';
import { rateWindows, type RateLimit } from '../src-shared/model/rate-limit';
import { sameShape } from './same-shape';

export { rateWindows, type RateLimit, type RateBucket } from '../src-shared/model/rate-limit';
export const rateLimitSchema = z.object({
  limit: z.number().int().min(1).max(1_000_000),
  window: z.enum(rateWindows),
});
sameShape<z.infer<typeof rateLimitSchema>, RateLimit>(true);
