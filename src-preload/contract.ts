// The admin API contract: the one place where every admin method is named, with
// its input schema and its result type. The Electron IPC binding (preload + app/ipc)
// and the HTTP binding (/admin/api/<method>) are both generated from this object,
// so no channel string is written twice.
import { z } from 'zod';

/** `SERVER:TOOLGLOB`, both parts globs; split at the first colon. */
export const rulePatternSchema = z
  .string()
  .trim()
  .min(3)
  .max(300)
  .regex(/^[^:\s]+:[^\s]+$/, 'a rule is SERVER:TOOLGLOB, for example fs:read_* or *:*');

export const ruleSchema = z.object({
  effect: z.enum(['allow', 'deny']),
  pattern: rulePatternSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

export const rateWindows = ['second', 'minute', 'hour'] as const;
export const rateLimitSchema = z.object({
  limit: z.number().int().min(1).max(1_000_000),
  window: z.enum(rateWindows),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export const keyIdSchema = z.string().regex(/^key_[A-Za-z0-9]{8,32}$/, 'not a key id (key_…)');
/** Longest grace a rotation may leave the old secret working: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

export type KeyStatus = 'active' | 'rotating' | 'expired' | 'revoked';

export interface KeySummary {
  id: string;
  name: string;
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
}

export interface KeyDetail extends KeySummary {
  secrets: KeySecretInfo[];
}

export interface CreatedKey {
  key: KeySummary;
  /** The full API key. Returned once; the caller must show it and forget it. */
  secret: string;
}

export type MasterKeySource = 'env' | 'keychain' | 'file';

export interface SystemStatus {
  version: string;
  dataDir: string;
  schemaVersion: number;
  readOnly: boolean;
  readOnlyReason: string | null;
  masterKeySource: MasterKeySource;
  /** True when the master key sits in a file next to the data: the weakest option. */
  masterKeyWeak: boolean;
}

const empty = z.object({}).strict();
const byId = z.object({ id: keyIdSchema }).strict();

/** Marks a result type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

export const contract = {
  'system.status': { input: empty, result: returns<SystemStatus>() },
  'keys.list': { input: empty, result: returns<KeySummary[]>() },
  'keys.get': { input: byId, result: returns<KeyDetail>() },
  'keys.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'give the key a name').max(100),
        /** null: never expires. */
        expiresInSeconds: z.number().int().min(60).max(10 * 365 * 24 * 3600).nullable(),
        rules: z.array(ruleSchema).max(500),
        rateLimit: rateLimitSchema.nullable(),
      })
      .strict(),
    result: returns<CreatedKey>(),
  },
  'keys.rotate': {
    input: z
      .object({ id: keyIdSchema, graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS) })
      .strict(),
    result: returns<CreatedKey>(),
  },
  'keys.revoke': { input: byId, result: returns<KeySummary>() },
  /** Shows the full key again. Audited: every reveal leaves an audit row. */
  'keys.reveal': { input: byId, result: returns<{ secret: string }>() },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Result<M extends Method> = Contract[M]['result'];

export interface ApiError {
  code: string;
  message: string;
}
export type Envelope<T> = { data: T } | { error: ApiError };

export const methods = Object.keys(contract) as Method[];
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** IPC channel of a method: derived, never written by hand. */
export function channelOf(method: Method): string {
  return `gatehouse:${method}`;
}
/** HTTP path of a method under `gatehouse serve`. */
export const HTTP_API_PREFIX = '/admin/api/';
export function httpPathOf(method: Method): string {
  return `${HTTP_API_PREFIX}${method}`;
}

/** What the preload exposes as `window.gatehouse`: one function per method. */
export type Bridge = { [M in Method]: (input: Input<M>) => Promise<Envelope<Result<M>>> };
