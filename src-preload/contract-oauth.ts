// The OAuth part of the admin API contract (spread into `contract` in ./contract).
// Kept apart so the OAuth screens' shapes read in one place.
import { z } from 'zod';
import { cursorSchema, pageLimitSchema, prefixSchema } from './paging';
import { rateLimitSchema } from './rate-limit';
import { ruleSchema } from './rule-schema';
import { sameShape } from './same-shape';
import {
  oauthRegistrationModes,
  oauthTtlBounds,
  type OAuthClientDetail,
  type OAuthClientPage,
  type OAuthClientSummary,
  type OAuthConsentAnswer,
  type OAuthCreatedClient,
  type OAuthGrantPage,
  type OAuthPendingConsent,
  type OAuthRevoked,
  type OAuthSettings,
  type OAuthSettingsView,
} from '../src-shared/model/oauth';

export * from '../src-shared/model/oauth';

/** A client id: ours are `ghc_…`; CIMD clients are https URLs; DCR ones are random. */
export const oauthClientIdSchema = z.string().min(1).max(2048);
export const oauthGrantTypes = ['authorization_code', 'client_credentials'] as const;
export const oauthScopeSchema = z.string().regex(/^mcp:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a scope is mcp:<server>');

function ttl(name: keyof typeof oauthTtlBounds) {
  const [min, max] = oauthTtlBounds[name];
  return z.number().int().min(min).max(max);
}

export const oauthSettingsSchema = z.object({
  /** Dynamic Client Registration: anyone on loopback, only with the initial access token, or off. */
  registration: z.enum(oauthRegistrationModes),
  /** Client ID Metadata Documents (client_id is an https URL Gatehouse fetches). */
  cimdEnabled: z.boolean(),
  /** Let CIMD fetches reach loopback, private and link-local addresses (tests, labs). Off by default: SSRF. */
  cimdAllowPrivateAddresses: z.boolean(),
  accessTokenTtlSeconds: ttl('accessTokenTtlSeconds'),
  refreshTokenTtlSeconds: ttl('refreshTokenTtlSeconds'),
  authorizationCodeTtlSeconds: ttl('authorizationCodeTtlSeconds'),
});
sameShape<z.infer<typeof oauthSettingsSchema>, OAuthSettings>(true);

export const oauthClientListSchema = z
  .object({
    limit: pageLimitSchema(500, 100),
    cursor: cursorSchema.optional(),
    /** Name prefix, case-insensitive; the page is then ordered by name. */
    search: prefixSchema.optional(),
  })
  .strict();

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
