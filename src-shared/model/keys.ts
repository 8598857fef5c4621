// API keys as the admin sees them (never a secret but the one shown at creation).
import type { RateLimit } from './rate-limit';
import type { Rule } from './rules';

export type KeyStatus = 'active' | 'rotating' | 'expired' | 'revoked';

export interface KeySummary {
  id: string;
  name: string;
  /** What the key is for, in the admin's words ('' when none). */
  description: string;
  /** Display prefix of the current secret, e.g. `ghk_ab12`. Never the secret. */
  prefix: string;
  status: KeyStatus;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** While rotating: until when the previous secret keeps working. */
  graceUntil: string | null;
  rules: Rule[];
  rateLimit: RateLimit | null;
}

export interface KeySecretInfo {
  prefix: string;
  createdAt: string;
  state: 'current' | 'grace' | 'retired';
  graceUntil: string | null;
  /** When a call last presented this secret (to the minute); null: never. */
  lastUsedAt: string | null;
}

export interface KeyDetail extends KeySummary {
  secrets: KeySecretInfo[];
}

export interface CreatedKey {
  key: KeySummary;
  /** The full API key. Returned once; the caller must show it and forget it. */
  secret: string;
}

export const keySorts = ['newest', 'oldest', 'name', 'name_desc', 'expiry'] as const;
export type KeySort = (typeof keySorts)[number];

/** A page of the key list; see the contract's keyListSchema for the bounds. */
export interface KeyListQuery {
  limit?: number;
  cursor?: string;
  /** Name prefix, case-insensitive; the page is then ordered by name. */
  search?: string;
  /** newest (default), oldest, name, name_desc, or expiry (soonest first, keys with an expiry not yet past). */
  sort?: KeySort;
  /** Only keys that work now (active or rotating). */
  live?: boolean;
  /** With sort expiry: only keys expiring before this. */
  expiresBefore?: string;
}

export interface KeyPage {
  keys: KeySummary[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** Who can call a tool: an API key or an OAuth app. */
export interface PrincipalMatch {
  type: 'api_key' | 'oauth_client';
  id: string;
  name: string;
  /** A key's display prefix, or the app's client id. */
  detail: string;
  /** An active or rotating key; an OAuth app that is not disabled. */
  live: boolean;
}
