// The api_keys and api_key_secrets rows, and how they read as the admin API's shapes.
import type { KeySecretInfo, KeyStatus, KeySummary } from '../../../src-shared/model/keys';
import type { RateLimit } from '../../../src-shared/model/rate-limit';
import type { Rule } from '../../../src-shared/model/rules';
import { displayPrefix } from './format';

export interface KeyRow {
  id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  rules: string;
  rate_limit: string | null;
}

export interface SecretRow {
  lookup_id: string;
  key_id: string;
  hash: Buffer;
  sealed: Buffer;
  created_at: number;
  superseded_at: number | null;
  grace_until: number | null;
  last_used_at: number | null;
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function keyStatus(row: KeyRow, secrets: SecretRow[], now: number): KeyStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at <= now) return 'expired';
  return secrets.some((s) => inGrace(s, now)) ? 'rotating' : 'active';
}

export function inGrace(s: SecretRow, now: number): boolean {
  return s.superseded_at !== null && (s.grace_until ?? 0) > now;
}

export function keySummary(row: KeyRow, secrets: SecretRow[], now: number): KeySummary {
  const current = secrets.find((s) => s.superseded_at === null);
  const status = keyStatus(row, secrets, now);
  const graceUntil = status === 'rotating' ? Math.max(...secrets.filter((s) => s.superseded_at !== null).map((s) => s.grace_until ?? 0)) : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    prefix: current ? displayPrefix(current.lookup_id) : 'ghk_',
    status,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    graceUntil: iso(graceUntil),
    rules: JSON.parse(row.rules) as Rule[],
    rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : null,
  };
}

export function secretInfo(s: SecretRow, now: number): KeySecretInfo {
  return {
    prefix: displayPrefix(s.lookup_id),
    createdAt: iso(s.created_at)!,
    state: s.superseded_at === null ? 'current' : inGrace(s, now) ? 'grace' : 'retired',
    graceUntil: iso(s.grace_until),
    lastUsedAt: iso(s.last_used_at),
  };
}
