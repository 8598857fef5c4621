// What an edit of a key changes, field by field, as stored and as the audit log shows it.
import type { RateLimit } from '../../../src-shared/model/rate-limit';
import type { Rule } from '../../../src-shared/model/rules';
import { iso, type KeyRow } from './rows';

/** What `update` may change; a field left out stays as it is. */
export interface KeyPatch {
  name?: string;
  description?: string;
  rules?: Rule[];
  rateLimit?: RateLimit | null;
  /** A new lifetime from now; null: never expires. */
  expiresInSeconds?: number | null;
}

export function expiresAt(now: number, seconds: number | null): number | null {
  return seconds === null ? null : now + seconds * 1000;
}

export type EditableKey = ReturnType<typeof editable>;

/** The key's fields an update can change, as stored. */
export function editable(row: KeyRow) {
  return {
    name: row.name,
    description: row.description,
    rules: JSON.parse(row.rules) as Rule[],
    rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : null,
    expiresAt: row.expires_at,
  };
}

/** The same fields as the audit log shows them (times as ISO strings). */
export function readable(e: EditableKey): Record<string, unknown> {
  return { ...e, expiresAt: iso(e.expiresAt) };
}

/** The key's fields after `patch`, at `now` (a new lifetime counts from now). */
export function patched(before: EditableKey, patch: KeyPatch, now: number): EditableKey {
  const after = { ...before };
  if (patch.name !== undefined) after.name = patch.name;
  if (patch.description !== undefined) after.description = patch.description;
  if (patch.rules !== undefined) after.rules = patch.rules;
  if (patch.rateLimit !== undefined) after.rateLimit = patch.rateLimit;
  if (patch.expiresInSeconds !== undefined) after.expiresAt = expiresAt(now, patch.expiresInSeconds);
  return after;
}
