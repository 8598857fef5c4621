// From the form to the admin API, and from a key back to the form (editing).
import type { Input, KeySummary } from '../../../../src-preload/contract';
import { relative } from '../../../lib/dates';
import { expirySeconds, type ExpiryChoice } from '../choices';
import { emptyForm, fromRules, toRules, type KeyFormState } from './state';
import type { KeyCatalog } from './use-catalog';

function rateOf(s: KeyFormState): Input<'keys.create'>['rateLimit'] {
  return s.rateMode === 'custom' ? { limit: Number(s.rateLimit.trim()), window: s.rateWindow } : null;
}

export function toCreateInput(s: KeyFormState): Input<'keys.create'> {
  return {
    name: s.name.trim(),
    description: s.description.trim(),
    rules: toRules(s),
    rateLimit: rateOf(s),
    expiresInSeconds: expirySeconds((s.expiry === 'keep' ? '30d' : s.expiry) as ExpiryChoice),
  };
}

export function toUpdateInput(id: string, s: KeyFormState): Input<'keys.update'> {
  return {
    id,
    name: s.name.trim(),
    description: s.description.trim(),
    rules: toRules(s),
    rateLimit: rateOf(s),
    ...(s.expiry === 'keep' ? {} : { expiresInSeconds: expirySeconds(s.expiry) }),
  };
}

export function fromKey(k: KeySummary, catalog: KeyCatalog): KeyFormState {
  return {
    ...emptyForm(),
    name: k.name,
    description: k.description,
    ...fromRules(k.rules, catalog.catalog),
    rateMode: k.rateLimit ? 'custom' : 'default',
    rateLimit: String(k.rateLimit?.limit ?? 60),
    rateWindow: k.rateLimit?.window ?? 'minute',
    expiry: 'keep',
  };
}

/** "expires in 28 days", "expired 2 days ago", "never expires". */
export function expiryWords(k: KeySummary, now = Date.now()): string {
  if (!k.expiresAt) return 'never expires';
  return new Date(k.expiresAt).getTime() <= now ? `expired ${relative(k.expiresAt, now)}` : `expires ${relative(k.expiresAt, now)}`;
}
