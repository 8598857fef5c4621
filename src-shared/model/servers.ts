// MCP servers in the registry, what discovery found there, and how they are exposed.

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

export interface ToolMatch extends ToolInfo {
  server: string;
}

export interface ToolPage {
  tools: ToolMatch[];
  nextCursor: string | null;
}
