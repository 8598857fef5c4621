import type { RateLimit } from '../../../src-shared/model/rate-limit';
import type { Rule } from '../../../src-shared/model/rules';

/** Why a key was refused; each has its own code so scripts and the audit log can tell them apart. */
export type RefusalReason = 'missing' | 'malformed' | 'checksum' | 'unknown' | 'revoked' | 'expired' | 'rotated';

export type Verification =
  | { ok: true; keyId: string; name: string; rules: Rule[]; rateLimit: RateLimit | null; lookupId: string }
  | { ok: false; reason: RefusalReason; message: string; /** Known when the key was genuine but is no longer valid. */ keyId?: string };

export const refusalMessages: Record<RefusalReason, string> = {
  missing: 'no API key was given (set GATEHOUSE_API_KEY in the env of this server entry)',
  malformed: 'this is not a Gatehouse API key (expected ghk_…)',
  checksum: 'the key is mistyped or truncated (its checksum does not match)',
  unknown: 'no such API key',
  revoked: 'this API key was revoked',
  expired: 'this API key has expired',
  rotated: 'this API key was rotated and its grace period is over; use the new key',
};

export function refuse(reason: RefusalReason, keyId?: string): Verification {
  return keyId ? { ok: false, reason, message: refusalMessages[reason], keyId } : { ok: false, reason, message: refusalMessages[reason] };
}
