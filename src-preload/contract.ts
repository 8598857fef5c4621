// The admin API contract: the one place where every admin method is named, with
// its input schema and its result type. The Electron IPC binding (preload + app/ipc)
// and the HTTP binding (/admin/api/<method>) are both generated from this object,
// so no channel string is written twice.
import { z } from 'zod';
import { channelOf as channelOfName, methodNames, type MethodName } from './methods';
import { oauthContract } from './contract-oauth';
import { resourceServersContract } from './contract-resource-servers';
import { auditContract } from './contract-audit';
import { rateLimitSchema, rateWindows, type RateBucket } from './rate-limit';
import { clientsContract } from './contract-clients';
import { listsContract } from './contract-lists';
import { exposureTermSchema, rulePatternSchema, ruleSchema } from './rule-schema';
import { sameShape } from './same-shape';
import type { Rule } from '../src-shared/model/rules';
import type { CreatedKey, KeyDetail, KeySummary } from '../src-shared/model/keys';
import type { ExposureInfo, GatewaySessionInfo, ImportResult, ServerDetail, ServerSummary, UpstreamAuthStatus } from '../src-shared/model/servers';
import type { MasterKeyMoved, Settings, SystemStatus, ToolRateLimit } from '../src-shared/model/system';

// The domain model's plain types (src-shared/model): the API speaks them, the core uses them.
export type * from '../src-shared/model/rules';
export type * from '../src-shared/model/keys';
export type * from '../src-shared/model/servers';
export type * from '../src-shared/model/system';
export type * from '../src-shared/model/rate-limit';

export { exposureTermSchema, rulePatternSchema, ruleSchema };
sameShape<z.infer<typeof ruleSchema>, Rule>(true);
export type { Capability } from '../src-shared/model/rule-pattern';

export { rateWindows, rateLimitSchema } from './rate-limit';

export { keyIdSchema, serverNameSchema } from './names';
import { keyIdSchema, serverNameSchema } from './names';
export const keyDescriptionSchema = z.string().trim().max(500, 'at most 500 characters');
/** A key's lifetime from now; null: never expires. */
export const expiresInSecondsSchema = z.number().int().min(60).max(10 * 365 * 24 * 3600).nullable();
/** Longest grace a rotation may leave the old secret working: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name');
const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not an HTTP header name');

export const serverInputSchema = z.discriminatedUnion('transport', [
  z
    .object({
      transport: z.literal('stdio'),
      name: serverNameSchema,
      command: z.string().trim().min(1, 'give the command that starts the server'),
      args: z.array(z.string()).max(200).default([]),
      cwd: z.string().min(1).nullable().default(null),
      /** Values are secrets: stored in the vault, never returned. */
      env: z.record(envNameSchema, z.string()).default({}),
    })
    .strict(),
  z
    .object({
      transport: z.literal('http'),
      name: serverNameSchema,
      url: z.url({ protocol: /^https?$/ }),
      /** Values are secrets: stored in the vault, never returned. */
      headers: z.record(headerNameSchema, z.string()).default({}),
      /** 'oauth': Gatehouse signs in to the upstream's authorization server (servers.oauth.connect). Left out: unchanged ('headers' for a new server). */
      auth: z.enum(['headers', 'oauth']).optional(),
    })
    .strict(),
]);
export type ServerInput = z.input<typeof serverInputSchema>;

export const toolRateLimitSchema = z.object({
  pattern: rulePatternSchema,
  limit: z.number().int().min(1).max(1_000_000),
  window: z.enum(rateWindows),
});
sameShape<z.infer<typeof toolRateLimitSchema>, ToolRateLimit>(true);

export const settingsSchema = z.object({
  /** For keys without a rate limit of their own; null: unlimited. */
  defaultRateLimit: rateLimitSchema.nullable(),
  /** Per principal × tool limits, first match wins. */
  toolRateLimits: z.array(toolRateLimitSchema).max(200),
  /** Store tools/call arguments in the audit log (secret-looking values redacted). */
  auditStoreArguments: z.boolean(),
  auditRetentionDays: z.number().int().min(1).max(3650),
  /** Largest JSON-RPC message the guard relays. */
  maxMessageBytes: z.number().int().min(64 * 1024).max(256 * 1024 * 1024),
  /** Gateway sessions one API key or OAuth client may hold at once, over all servers. */
  gatewaySessionsPerPrincipal: z.number().int().min(1).max(1000),
  /** Gateway sessions of everyone together (each may hold a server process). */
  gatewaySessionsTotal: z.number().int().min(1).max(10_000),
  /** A session with no request, no answer pending and no stream open for this long ends. */
  gatewaySessionIdleMinutes: z.number().int().min(1).max(24 * 60),
  /** Processes of one stdio server that 2026-07-28 (stateless) clients share at most. */
  gatewayPoolSize: z.number().int().min(1).max(32),
  /** A shared process with nothing in flight for this long ends. */
  gatewayPoolIdleSeconds: z.number().int().min(1).max(24 * 60 * 60),
});
sameShape<z.infer<typeof settingsSchema>, Settings>(true);

const empty = z.object({}).strict();
const byId = z.object({ id: keyIdSchema }).strict();
/** A server as a person names it: its registry name, or a client app's name for it (any characters). */
export const serverRefSchema = z.string().trim().min(1, 'give a server name').max(200);
const byName = z.object({ name: serverRefSchema }).strict();

/** Marks a result type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

export const contract = {
  'system.status': { input: empty, result: returns<SystemStatus>() },
  'system.masterKey.moveToKeychain': { input: empty, result: returns<MasterKeyMoved>() },
  'keys.get': { input: byId, result: returns<KeyDetail>() },
  'keys.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'give the key a name').max(100),
        description: keyDescriptionSchema.default(''),
        /** null: never expires. */
        expiresInSeconds: expiresInSecondsSchema,
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
  /** Changes any of the key's fields; the audit row records each change, before and after. */
  'keys.update': {
    input: z
      .object({
        id: keyIdSchema,
        name: z.string().trim().min(1, 'give the key a name').max(100).optional(),
        description: keyDescriptionSchema.optional(),
        rules: z.array(ruleSchema).max(500).optional(),
        rateLimit: rateLimitSchema.nullable().optional(),
        /** A new lifetime counted from now; null: never expires. */
        expiresInSeconds: expiresInSecondsSchema.optional(),
      })
      .strict(),
    result: returns<KeySummary>(),
  },
  /** Ends a rotation's grace now: the previous secrets stop working. */
  'keys.endGrace': { input: byId, result: returns<KeyDetail>() },
  'servers.list': { input: empty, result: returns<ServerSummary[]>() },
  'servers.get': { input: byName, result: returns<ServerDetail>() },
  'servers.add': { input: serverInputSchema, result: returns<ServerSummary>() },
  /** Replaces the server's definition; env/header values left out keep their stored value. */
  'servers.update': {
    input: z.object({ name: serverRefSchema, server: serverInputSchema, keepSecrets: z.boolean().default(true) }).strict(),
    result: returns<ServerSummary>(),
  },
  'servers.remove': { input: byName, result: returns<{ removed: string }>() },
  /** Serves the server over HTTP at <gateway_base><name> (or stops); the tool globs are what an approved OAuth client gets. */
  'servers.expose': {
    input: z
      .object({
        name: serverRefSchema,
        exposed: z.boolean(),
        /** What follows `NAME:` in a rule: TOOLGLOB, `resource:URIGLOB` or `prompt:NAMEGLOB`. */
        allowTools: z.array(exposureTermSchema).max(100).optional(),
        denyTools: z.array(exposureTermSchema).max(100).optional(),
        acceptApiKeys: z.boolean().optional(),
      })
      .strict(),
    result: returns<ExposureInfo>(),
  },
  'servers.exposures': { input: empty, result: returns<ExposureInfo[]>() },
  /** Clients connected to the gateway now (in the process serving it). */
  'servers.sessions': { input: empty, result: returns<GatewaySessionInfo[]>() },
  /** Ends one gateway session (and its server process); its client starts a new one on its next request. Audited. */
  'servers.sessions.end': { input: z.object({ id: z.string().min(1).max(100) }).strict(), result: returns<GatewaySessionInfo>() },
  /** Connects with the MCP SDK client and stores the tool catalog. */
  'servers.discover': { input: byName, result: returns<ServerDetail>() },
  /** Adds the stdio servers of a Claude Desktop config (default: its usual path). */
  'servers.importClaude': {
    input: z.object({ path: z.string().min(1).optional() }).strict(),
    result: returns<ImportResult>(),
  },
  /** Starts Gatehouse's OAuth sign-in at a remote server (switching it to OAuth): returns the URL to open in a browser. */
  'servers.oauth.connect': { input: byName, result: returns<UpstreamAuthStatus>() },
  'servers.oauth.status': { input: byName, result: returns<UpstreamAuthStatus>() },
  /** Forgets the upstream tokens (the server stays in OAuth mode and needs a new sign-in). */
  'servers.oauth.disconnect': { input: byName, result: returns<UpstreamAuthStatus>() },
  'settings.get': { input: empty, result: returns<Settings>() },
  'settings.update': { input: settingsSchema.partial().strict(), result: returns<Settings>() },
  /** The buckets used most recently (what the Rate limits screen shows), fullest last. */
  'rate.buckets': { input: z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(), result: returns<RateBucket[]>() },
  ...listsContract,
  ...auditContract,
  ...oauthContract,
  ...resourceServersContract,
  ...clientsContract,
} as const;

export type * from './contract-clients';
export * from './contract-audit';
export type * from './contract-lists';
export type * from './contract-resource-servers';

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Result<M extends Method> = Contract[M]['result'];

export interface ApiError {
  code: string;
  message: string;
}
export type Envelope<T> = { data: T } | { error: ApiError };

// The name list lives in ./methods (zod-free, for the preload). This line fails to
// compile when the list and the contract's keys differ, in either direction.
const _sameMethods: [MethodName] extends [Method] ? ([Method] extends [MethodName] ? true : false) : false = true;
export const methods = [...methodNames] as Method[];
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** IPC channel of a method: derived, never written by hand (see ./methods). */
export const channelOf: (method: Method) => string = channelOfName;
export { HTTP_API_PREFIX, httpPathOf } from './methods';

/** What the preload exposes as `window.gatehouse`: one function per method. */
export type Bridge = { [M in Method]: (input: Input<M>) => Promise<Envelope<Result<M>>> };
