// The OAuth part of the admin API contract (spread into `contract` in ./contract).
// Kept apart so the OAuth screens' shapes read in one place.
import { z } from 'zod';
import { cursorSchema, pageLimitSchema, prefixSchema } from './paging';
import { rateLimitSchema, type RateLimit } from './rate-limit';
import { ruleSchema } from './rule-schema';

export interface OAuthRule {
  effect: 'allow' | 'deny';
  pattern: string;
}

/** A client id: ours are `ghc_…`; CIMD clients are https URLs; DCR ones are random. */
export const oauthClientIdSchema = z.string().min(1).max(2048);
export const oauthGrantTypes = ['authorization_code', 'client_credentials'] as const;
export const oauthScopeSchema = z.string().regex(/^mcp:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a scope is mcp:<server>');

export const oauthSettingsSchema = z.object({
  /** Dynamic Client Registration: anyone on loopback, only with the initial access token, or off. */
  registration: z.enum(['open', 'token', 'off']),
  /** Client ID Metadata Documents (client_id is an https URL Gatehouse fetches). */
  cimdEnabled: z.boolean(),
  /** Let CIMD fetches reach loopback, private and link-local addresses (tests, labs). Off by default: SSRF. */
  cimdAllowPrivateAddresses: z.boolean(),
  accessTokenTtlSeconds: z.number().int().min(60).max(24 * 3600),
  refreshTokenTtlSeconds: z.number().int().min(300).max(365 * 24 * 3600),
  authorizationCodeTtlSeconds: z.number().int().min(1).max(600),
});
export type OAuthSettings = z.infer<typeof oauthSettingsSchema>;

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

export const oauthClientListSchema = z
  .object({
    limit: pageLimitSchema(500, 100),
    cursor: cursorSchema.optional(),
    /** Name prefix, case-insensitive; the page is then ordered by name. */
    search: prefixSchema.optional(),
  })
  .strict();

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

/** The uid of an authorization request (oidc-provider's Interaction id), as in /admin/consent/<uid>. */
export const oauthConsentUidSchema = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'not a sign-in request id (see oauth consents list)');

function returns<T>(): T {
  return undefined as T;
}
const empty = z.object({}).strict();
const byClient = z.object({ clientId: oauthClientIdSchema }).strict();
const redirectUri = z.string().min(1).max(2048);
const byUid = z.object({ uid: oauthConsentUidSchema }).strict();

export const oauthContract = {
  /** Registered clients newest first (by name with `search`), a page at a time. */
  'oauth.clients.list': { input: oauthClientListSchema, result: returns<OAuthClientPage>() },
  'oauth.clients.get': { input: byClient, result: returns<OAuthClientDetail>() },
  'oauth.clients.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'give the client a name').max(100),
        redirectUris: z.array(redirectUri).max(20).default([]),
        grants: z.array(z.enum(oauthGrantTypes)).min(1).max(2).default(['authorization_code']),
        /** mcp:<server> each; every scope adds the rule allow <server>:*. */
        scopes: z.array(oauthScopeSchema).max(200).default([]),
        /** Extra rules beyond the scopes' (deny rules narrow them). */
        rules: z.array(ruleSchema).max(500).default([]),
        /** A public client (no secret; PKCE only). Cannot use client_credentials. */
        public: z.boolean().default(false),
        /** Its own rate limit; null or absent: the default applies. */
        rateLimit: rateLimitSchema.nullable().default(null),
      })
      .strict(),
    result: returns<OAuthCreatedClient>(),
  },
  'oauth.clients.update': {
    input: z
      .object({
        clientId: oauthClientIdSchema,
        name: z.string().trim().min(1).max(100).optional(),
        redirectUris: z.array(redirectUri).max(20).optional(),
        rules: z.array(ruleSchema).max(500).optional(),
        rateLimit: rateLimitSchema.nullable().optional(),
        /** Disabling also revokes every grant and token it holds; enabling brings none back. */
        disabled: z.boolean().optional(),
        /** Machine access without sign-in (client_credentials): on for a confidential client that registered it; off revokes it. */
        machineAccess: z.boolean().optional(),
      })
      .strict(),
    result: returns<OAuthClientSummary>(),
  },
  /** A new secret for a confidential client; the old one stops working now. */
  'oauth.clients.rotateSecret': { input: byClient, result: returns<OAuthCreatedClient>() },
  /** Disables the client and revokes every grant and token it holds. */
  'oauth.clients.revoke': { input: byClient, result: returns<OAuthClientSummary>() },
  'oauth.clients.delete': { input: byClient, result: returns<{ deleted: string; grantsRevoked: number }>() },
  /** Live grants newest first, a page at a time (of one client, or of all). */
  'oauth.grants.list': {
    input: z.object({ clientId: oauthClientIdSchema.optional(), limit: pageLimitSchema(500, 100), cursor: cursorSchema.optional() }).strict(),
    result: returns<OAuthGrantPage>(),
  },
  /** Ends one grant (a sign-in, or machine access) and every token under it. */
  'oauth.grants.revoke': { input: z.object({ grantId: z.string().min(1).max(200) }).strict(), result: returns<OAuthRevoked>() },
  /** Ends every grant of a client, machine access included, and every token under them; the client stays enabled. */
  'oauth.grants.revokeAll': { input: byClient, result: returns<OAuthRevoked>() },
  /** Authorization requests waiting on the consent page. */
  'oauth.consents.pending': { input: empty, result: returns<OAuthPendingConsent[]>() },
  /** Allows a pending request from here; the browser tab that started it then continues on its own. */
  'oauth.consents.approve': { input: byUid, result: returns<OAuthConsentAnswer>() },
  /** Denies a pending request from here; the client gets access_denied. */
  'oauth.consents.deny': { input: byUid, result: returns<OAuthConsentAnswer>() },
  'oauth.settings.get': { input: empty, result: returns<OAuthSettingsView>() },
  'oauth.settings.update': { input: oauthSettingsSchema.partial().strict(), result: returns<OAuthSettingsView>() },
  /** A new ES256 signing key; the previous one keeps verifying until its tokens expire. */
  'oauth.keys.rotate': { input: empty, result: returns<OAuthSettingsView>() },
  /** A new initial access token for registration: 'token' (returned once). */
  'oauth.registrationToken.rotate': { input: empty, result: returns<{ token: string }>() },
} as const;

export const oauthMethodNames = Object.keys(oauthContract) as (keyof typeof oauthContract)[];
