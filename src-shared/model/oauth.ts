// The authorization server: its OAuth clients (apps), grants, consents, settings and resource servers.
import type { RateLimit } from './rate-limit';

export const oauthRegistrationModes = ['open', 'token', 'off'] as const;

/** Bounds of the lifetimes, in seconds: [min, max]. */
export const oauthTtlBounds = {
  accessTokenTtlSeconds: [60, 24 * 3600],
  refreshTokenTtlSeconds: [300, 365 * 24 * 3600],
  authorizationCodeTtlSeconds: [1, 600],
} as const;

export type OAuthSettings = {
  /** Dynamic Client Registration: anyone on loopback, only with the initial access token, or off. */
  registration: (typeof oauthRegistrationModes)[number];
  /** Client ID Metadata Documents (client_id is an https URL Gatehouse fetches). */
  cimdEnabled: boolean;
  /** Let CIMD fetches reach loopback, private and link-local addresses (tests, labs). Off by default: SSRF. */
  cimdAllowPrivateAddresses: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
};

export interface OAuthRule {
  effect: 'allow' | 'deny';
  pattern: string;
}

export interface OAuthSigningKey {
  kid: string;
  createdAt: string;
  retiredAt: string | null;
  state: 'signing' | 'verify-only';
}

export interface OAuthSettingsView extends OAuthSettings {
  /** Issuer of the most recently started server (null before the first `serve`/app start). */
  issuer: string | null;
  registrationTokenSet: boolean;
  signingKeys: OAuthSigningKey[];
}

export interface OAuthClientSummary {
  clientId: string;
  name: string;
  type: 'confidential' | 'public';
  method: 'manual' | 'dcr' | 'cimd';
  redirectUris: string[];
  /** Hosts of the redirect URIs, for the table. */
  redirectHosts: string[];
  grantTypes: string[];
  logoUri: string | null;
  /** What tokens of this client may ever allow (deny beats allow; none: nothing). */
  rules: OAuthRule[];
  /** Its own rate limit; null: the default applies. */
  rateLimit: RateLimit | null;
  disabled: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  /** Live grants: sign-ins the admin allowed, and machine access when it is on. */
  activeGrants: number;
  /** Live tokens: unexpired access tokens and unused refresh tokens. */
  liveTokens: number;
  /** Machine access without sign-in (client_credentials) is on: the client can get tokens with its secret alone. */
  machineAccess: boolean;
  /** The client registered client_credentials among its grant types (it can be given machine access). */
  machineAccessRequested: boolean;
}

export interface OAuthGrantResource {
  resource: string;
  server: string | null;
  scope: string;
}

export interface OAuthGrant {
  grantId: string;
  /** 'sign-in': the admin allowed a sign-in (code flow); 'machine': machine access without sign-in (client_credentials). */
  kind: 'sign-in' | 'machine';
  clientId: string;
  clientName: string | null;
  resources: OAuthGrantResource[];
  createdAt: string | null;
  expiresAt: string | null;
  /** The admin's remembered consent for this client (new requests inside it skip the page). */
  remembered: boolean;
  refreshTokens: number;
  /** Unexpired access tokens issued under this grant. */
  accessTokens: number;
}

/** What a revoke ended: grants, and the live tokens (access and refresh) under them. */
export interface OAuthRevoked {
  revoked: number;
  tokens: number;
}

export interface OAuthClientDetail extends OAuthClientSummary {
  /** Its newest grants (the first page of oauth.grants.list for it). */
  grants: OAuthGrant[];
}

export interface OAuthClientPage {
  clients: OAuthClientSummary[];
  nextCursor: string | null;
}

export interface OAuthGrantPage {
  grants: OAuthGrant[];
  nextCursor: string | null;
}

export interface OAuthCreatedClient {
  client: OAuthClientSummary;
  /** Confidential clients only. Returned once; the caller must show it and forget it. */
  clientSecret: string | null;
}

export interface OAuthPendingConsent {
  uid: string;
  clientId: string;
  clientName: string | null;
  redirectUri: string | null;
  resources: string[];
  scopes: string[];
  createdAt: string | null;
  expiresAt: string | null;
  /** The admin's answer from the window or the CLI, until the waiting browser tab picks it up. */
  decision: OAuthConsentDecision | null;
  /** When the browser tab of this sign-in last asked about it (a closed tab's request leaves the list). */
  lastSeenAt: string;
}

export type OAuthConsentDecision = 'allow' | 'deny';

/** An answer recorded for a pending request; the consent page of the browser that started it completes it. */
export interface OAuthConsentAnswer {
  uid: string;
  clientId: string;
  decision: OAuthConsentDecision;
  expiresAt: string;
}

export interface OAuthResourceServer {
  name: string;
  /** The resource: what clients ask a token for, and the tokens' `aud`. */
  url: string;
  /** The scope of its tokens: mcp:<name>. */
  scope: string;
  /** Its introspection credentials' client id (RFC 7662 section 2.1). */
  clientId: string;
  createdAt: string;
}

export interface OAuthResourceServerCreated {
  resourceServer: OAuthResourceServer;
  /** Returned once; the caller must show it and forget it. */
  clientSecret: string;
}
