// Building and checking the OAuth metadata of clients the admin creates, and reading
// any client's stored metadata into the admin API's shape.
import { randomBytes } from 'node:crypto';
import type { OAuthClientSummary, OAuthRule } from '../../../src-shared/model/oauth';
import type { RateLimit } from '../../../src-shared/model/rate-limit';
import { GatehouseError } from '../errors';

export type Metadata = Record<string, unknown>;

/** Loopback IP literals get RFC 8252 port flexibility (oidc-provider grants it to native clients). */
export function isLoopbackIpRedirect(uri: string): boolean {
  const u = URL.parse(uri);
  // The two literals RFC 8252 §7.3 names, which oidc-provider also takes for native clients.
  return !!u && u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]');
}

// `http://` + a loopback IP literal + an optional port, up to the path, query or end.
const LOOPBACK_IP_AUTHORITY = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(?=[/?#]|$)/;

/** The URI with the port of its loopback IP literal removed; null if it has none (or a bad port). */
function withoutLoopbackPort(uri: string): string | null {
  const m = LOOPBACK_IP_AUTHORITY.exec(uri);
  if (!m) return null;
  const port = m[2];
  if (port !== undefined && (!/^[1-9]\d*$/.test(port) || Number(port) > 65535)) return null;
  return `http://${m[1]}${uri.slice(m[0].length)}`;
}

/**
 * Whether a requested redirect_uri is one of the registered ones: exactly, character for
 * character (RFC 9700), except that the port of an `http://127.0.0.1` or `http://[::1]`
 * URI may differ (RFC 8252 §7.3). `localhost` by name gets no such allowance.
 */
export function redirectUriMatches(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  const bare = withoutLoopbackPort(requested);
  return bare !== null && registered.some((uri) => withoutLoopbackPort(uri) === bare);
}

export function checkRedirectUri(uri: string): void {
  const u = URL.parse(uri);
  if (!u) throw new GatehouseError('INVALID_INPUT', `not a URL: ${uri}`);
  if (u.hash || uri.includes('#')) throw new GatehouseError('INVALID_INPUT', `a redirect URI has no #fragment: ${uri}`);
  if (u.username || u.password) throw new GatehouseError('INVALID_INPUT', `a redirect URI has no user:password@ part: ${uri}`);
  const loopback = u.hostname === 'localhost' || isLoopbackIpRedirect(uri);
  if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) return;
  throw new GatehouseError('INVALID_INPUT', `a redirect URI is https, or http on 127.0.0.1 / [::1] / localhost: ${uri}`);
}

/**
 * Why a redirect URI a client registers itself (DCR) or describes (CIMD) is refused, or
 * null. The MCP authorization spec allows only https, or http on a loopback address.
 */
export function registeredRedirectUriProblem(uri: unknown): string | null {
  const rule = 'Gatehouse accepts only https URLs, or http on 127.0.0.1, [::1] or localhost (MCP authorization spec)';
  if (typeof uri !== 'string') return `every redirect URI is a string; ${rule}`;
  try {
    checkRedirectUri(uri);
    return null;
  } catch (e) {
    return `${(e as Error).message}. ${rule}`;
  }
}

export function newClientId(): string {
  return `ghc_${randomBytes(12).toString('base64url')}`;
}

export function newClientSecret(): string {
  return `ghs_${randomBytes(32).toString('base64url')}`;
}

export function manualClientMetadata(input: {
  clientId: string;
  secret: string | null;
  name: string;
  redirectUris: string[];
  grants: ('authorization_code' | 'client_credentials')[];
}): Metadata {
  const code = input.grants.includes('authorization_code');
  if (code && input.redirectUris.length === 0) {
    throw new GatehouseError('INVALID_INPUT', 'authorization_code needs at least one --redirect-uri');
  }
  if (!input.secret && input.grants.includes('client_credentials')) {
    throw new GatehouseError('INVALID_INPUT', 'a public client cannot use client_credentials (it has no secret)');
  }
  input.redirectUris.forEach(checkRedirectUri);
  return {
    client_id: input.clientId,
    ...(input.secret ? { client_secret: input.secret } : {}),
    client_name: input.name,
    client_id_issued_at: Math.floor(Date.now() / 1000),
    redirect_uris: code ? input.redirectUris : [],
    grant_types: [...(code ? ['authorization_code', 'refresh_token'] : []), ...input.grants.filter((g) => g !== 'authorization_code')],
    response_types: code ? ['code'] : [],
    token_endpoint_auth_method: input.secret ? 'client_secret_basic' : 'none',
    application_type: code && input.redirectUris.every(isLoopbackIpRedirect) ? 'native' : 'web',
  };
}

export interface MetaRow {
  client_id: string;
  name: string;
  method: 'manual' | 'dcr' | 'cimd';
  rules: string;
  rate_limit: string | null;
  disabled: number;
  metadata: string | null;
  created_at: number;
  last_used_at: number | null;
}

/** The `rate_limit` column: a client's own limit as JSON, or NULL for the default. */
export function rateLimitOf(meta: Pick<MetaRow, 'rate_limit'>): RateLimit | null {
  return meta.rate_limit ? (JSON.parse(meta.rate_limit) as RateLimit) : null;
}
export function rateLimitColumn(limit: RateLimit | null | undefined): string | null {
  return limit ? JSON.stringify({ limit: limit.limit, window: limit.window }) : null;
}

/** What a client holds now, for its summary. */
export interface StandingCounts {
  grants: number;
  tokens: number;
  machineAccess: boolean;
}
export const NO_STANDING: StandingCounts = { grants: 0, tokens: 0, machineAccess: false };

export function summarize(meta: MetaRow, md: Metadata | null, standing: StandingCounts): OAuthClientSummary {
  const m = md ?? (meta.metadata ? (JSON.parse(meta.metadata) as Metadata) : {});
  const redirectUris = strings(m.redirect_uris);
  const authMethod = typeof m.token_endpoint_auth_method === 'string' ? m.token_endpoint_auth_method : 'client_secret_basic';
  const grantTypes = strings(m.grant_types ?? ['authorization_code']);
  return {
    clientId: meta.client_id,
    name: meta.name,
    type: authMethod === 'none' || meta.method === 'cimd' ? 'public' : 'confidential',
    method: meta.method,
    redirectUris,
    redirectHosts: [...new Set(redirectUris.map((u) => URL.parse(u)?.host ?? u))],
    grantTypes,
    logoUri: typeof m.logo_uri === 'string' ? m.logo_uri : null,
    rules: JSON.parse(meta.rules) as OAuthRule[],
    rateLimit: rateLimitOf(meta),
    disabled: meta.disabled === 1,
    createdAt: new Date(meta.created_at).toISOString(),
    lastUsedAt: meta.last_used_at === null ? null : new Date(meta.last_used_at).toISOString(),
    activeGrants: standing.grants,
    liveTokens: standing.tokens,
    machineAccess: standing.machineAccess,
    machineAccessRequested: grantTypes.includes('client_credentials'),
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
