// The running system and its settings.
import type { RateLimit, RateWindow } from './rate-limit';

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

/** A limit per principal × tool, for the tools its pattern names. */
export interface ToolRateLimit {
  pattern: string;
  limit: number;
  window: RateWindow;
}

export type Settings = {
  /** For keys without a rate limit of their own; null: unlimited. */
  defaultRateLimit: RateLimit | null;
  /** Per principal × tool limits, first match wins. */
  toolRateLimits: ToolRateLimit[];
  /** Store tools/call arguments in the audit log (secret-looking values redacted). */
  auditStoreArguments: boolean;
  auditRetentionDays: number;
  /** Largest JSON-RPC message the guard relays. */
  maxMessageBytes: number;
  /** Gateway sessions one API key or OAuth client may hold at once, over all servers. */
  gatewaySessionsPerPrincipal: number;
  /** Gateway sessions of everyone together (each may hold a server process). */
  gatewaySessionsTotal: number;
  /** A session with no request, no answer pending and no stream open for this long ends. */
  gatewaySessionIdleMinutes: number;
  /** Processes of one stdio server that 2026-07-28 (stateless) clients share at most. */
  gatewayPoolSize: number;
  /** A shared process with nothing in flight for this long ends. */
  gatewayPoolIdleSeconds: number;
};
