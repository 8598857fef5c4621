// The admin API contract: the one place where every admin method is named, with
// its input schema and its result type. The Electron IPC binding (preload + app/ipc)
// and the HTTP binding (/admin/api/<method>) are both generated from this object,
// so no channel string is written twice.
import { z } from 'zod';
import { channelOf as channelOfName, methodNames, type MethodName } from './methods';
import { oauthContract } from './contract-oauth';
import { resourceServersContract } from './contract-resource-servers';
import { auditContract } from './contract-audit';
import { rateLimitSchema, rateWindows, type RateBucket, type RateLimit } from './rate-limit';
import { clientsContract } from './contract-clients';
import { listsContract } from './contract-lists';
import { exposureTermSchema, rulePatternSchema, ruleSchema } from './rule-schema';

export { exposureTermSchema, rulePatternSchema, ruleSchema };
export type Rule = z.infer<typeof ruleSchema>;
export type { Capability } from './rule-pattern';

export { rateWindows, rateLimitSchema, type RateLimit, type RateBucket } from './rate-limit';

export { keyIdSchema, serverNameSchema } from './names';
import { keyIdSchema, serverNameSchema } from './names';
export const keyDescriptionSchema = z.string().trim().max(500, 'at most 500 characters');
/** A key's lifetime from now; null: never expires. */
export const expiresInSecondsSchema = z.number().int().min(60).max(10 * 365 * 24 * 3600).nullable();
/** Longest grace a rotation may leave the old secret working: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

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
  /** Whether an OS keychain answers here (asked only while the key file is in use; else null). */
  keychainAvailable: boolean | null;
  /** The OS this process runs on (process.platform): the fix for a weak key depends on it. */
  platform: string;
  /** The authorization server's issuer when this process serves HTTP (the app, `serve`). */
  issuer: string | null;
  gatewayBase: string | null;
  /** Why the HTTP services are not running, when they failed to start. */
  httpError: string | null;
}

/** After the master key moved into the OS keychain: the new status, and a key file that could not be deleted. */
export interface MasterKeyMoved {
  status: SystemStatus;
  fileLeft: string | null;
}

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

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolInfo {
  name: string;
  title: string | null;
  description: string | null;
  annotations: ToolAnnotations;
}

export interface ServerSummary {
  id: string;
  /** The registry name: letters, digits, _ . - (used in rules, the guard's --server and the gateway URL). */
  name: string;
  /** What client apps call it in their configs, when that differs (`my files (work)` for `my-files-work`). */
  aliases: string[];
  transport: 'stdio' | 'http';
  command: string | null;
  args: string[];
  cwd: string | null;
  url: string | null;
  envNames: string[];
  headerNames: string[];
  createdAt: string;
  updatedAt: string;
  discoveredAt: string | null;
  discoveryError: string | null;
  serverInfo: { name: string; version: string } | null;
  toolCount: number;
  /** How Gatehouse authenticates to a remote server; null for a local (stdio) one. */
  authMode: 'headers' | 'oauth' | null;
}

/** Gatehouse's sign-in at a remote server's own authorization server. */
export interface UpstreamAuthStatus {
  server: string;
  /** not_configured: static headers; signed_out: OAuth but no tokens; waiting: a sign-in is open in a browser. */
  state: 'not_configured' | 'signed_out' | 'waiting' | 'connected' | 'error';
  /** Where the upstream's authorization server sends the browser back (on Gatehouse's HTTP server). */
  redirectUri: string | null;
  /** The sign-in to open in a browser, while waiting. */
  authorizationUrl: string | null;
  connectedAt: string | null;
  /** When the access token expires; the refresh token (if any) renews it on use. */
  expiresAt: string | null;
  refreshable: boolean;
  error: string | null;
}

/** A resource (by URI), a resource template (by URI template) or a prompt (by name), as discovered. */
export interface CapabilityInfo {
  kind: 'resource' | 'resource_template' | 'prompt';
  /** What rules match: `SERVER:resource:<name>` or `SERVER:prompt:<name>`. */
  name: string;
  title: string | null;
  description: string | null;
}

export interface ServerDetail extends ServerSummary {
  tools: ToolInfo[];
  /** Resources and resource templates (rules: SERVER:resource:URIGLOB). */
  resources: CapabilityInfo[];
  /** Prompts (rules: SERVER:prompt:NAMEGLOB). */
  prompts: CapabilityInfo[];
}

export interface ExposureInfo {
  server: string;
  exposed: boolean;
  allowTools: string[];
  denyTools: string[];
  acceptApiKeys: boolean;
}

export interface GatewaySessionInfo {
  id: string;
  server: string;
  principalType: 'api_key' | 'oauth_client';
  principalId: string;
  principalName: string;
  startedAt: string;
  lastUsed: string;
}

export interface ImportResult {
  /** Registry names of the servers added. */
  added: string[];
  /** Client names that are not registry names, and the registry name each got. */
  renamed: { name: string; registryName: string }[];
  skipped: { name: string; reason: string }[];
}

export const toolRateLimitSchema = z.object({
  pattern: rulePatternSchema,
  limit: z.number().int().min(1).max(1_000_000),
  window: z.enum(rateWindows),
});
export type ToolRateLimit = z.infer<typeof toolRateLimitSchema>;

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
});
export type Settings = z.infer<typeof settingsSchema>;

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
