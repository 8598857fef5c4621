// oidc-provider configured as a plain OAuth 2.1 AS for MCP: code + PKCE (S256 only),
// refresh rotation, client_credentials, DCR, CIMD, RFC 8707 resources with RFC 9068
// JWT access tokens. Each choice here is one of DESIGN.md's; see the comments for why.
import Provider, { errors, type OidcClient } from 'oidc-provider';
import type { Core } from '..';
import { storeAdapterClass } from './adapter';
import { guardedFetch } from './cimd-fetch';
import { redirectUriMatches, registeredRedirectUriProblem } from './client-metadata';
import type { OAuthStore } from '.';
import { foreignResourceScope } from './default-scope';
import { Resources, rulesReach, scopeOf } from './resources';

export const ADMIN_ACCOUNT = 'admin';
export const CONSENT_PATH = '/admin/consent/';
export const ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  jwks: '/oauth/jwks',
  introspection: '/oauth/introspect',
  revocation: '/oauth/revoke',
  end_session: '/oauth/logout',
  userinfo: '/oauth/userinfo',
  pushed_authorization_request: '/oauth/par',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;

export interface ProviderDeps {
  core: Core;
  store: OAuthStore;
  issuer: string;
  resources: Resources;
  /** HTML for an error the browser shows (never a redirect to an unverified redirect_uri). */
  errorPage(error: string, description: string): string;
}

interface IssuedToken {
  kind: string;
  clientId: string;
  grantId?: string;
  client?: OidcClient;
}

interface Ctx {
  oidc: {
    route?: string;
    params?: Record<string, unknown>;
    client?: OidcClient;
    result?: { consent?: { grantId?: string } };
    session?: { grantIdFor(clientId: string): string | undefined };
    provider: Provider;
  };
  type: string;
  body: unknown;
}

/** A sign-in or client_credentials request naming an mcp: scope of another server than its resources: invalid_scope, before any consent. */
function checkRequestedScope(ctx: Ctx, resources: Resources): void {
  const params = ctx.oidc.params ?? {};
  const asks = ctx.oidc.route === 'authorization' || ctx.oidc.route === 'pushed_authorization_request' || params.grant_type === 'client_credentials';
  if (!asks) return;
  const foreign = foreignResourceScope(params.scope, params.resource, (r) => resources.serverOf(r));
  if (foreign) {
    throw new errors.InvalidScope!(`${foreign} is not the scope of the resource this request names; ask for mcp:<server> of that resource, or leave scope out`);
  }
}

export function buildProvider(deps: ProviderDeps): Provider {
  const { core, store, resources } = deps;
  const s = store.settings.get();
  const regToken = s.registration === 'token' ? store.settings.registrationToken() : null;
  const lastTouch = new Map<string, number>();
  // The machine grant the token endpoint just checked for this client, so the token it
  // then signs names it without a second look-up (a revoke in between kills it anyway).
  const checkedMachineGrant = new WeakMap<OidcClient, string>();
  const machineGrantFor = (token: IssuedToken) =>
    (token.client && checkedMachineGrant.get(token.client)) ?? store.standing.machineGrantOf(token.clientId);

  const Adapter = storeAdapterClass(core.sql, core.vault, {
    onNewClient: (id, md) => store.clients.remember(id, 'dcr', md),
    clientEnabled: (id) => store.clients.access(id)?.disabled !== true,
    replayError: () => new errors.InvalidGrant!('grant request is invalid'),
  });

  const provider = new Provider(deps.issuer, {
    adapter: Adapter,
    jwks: { keys: store.keys.privateJwks(store.keyRetentionMs()) },
    cookies: {
      keys: store.settings.cookieKeys(),
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    // Only EC keys: ID tokens (if a client asks for openid) must be ES256 too.
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      id_token_signed_response_alg: 'ES256',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    // OAuth 2.1: a client with several redirect URIs must always say which.
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'] },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
    routes: ROUTES,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${CONSENT_PATH}${interaction.uid}` },
    // Consent is remembered per client until the admin revokes the grant, but only for a
    // redirect URI the client registered as is: a loopback port it never registered could
    // be any program on this machine (RFC 8252 §8.6), so that sign-in is asked about again.
    loadExistingGrant: async (ctx: Ctx) => {
      const client = ctx.oidc.client!;
      const answered = ctx.oidc.result?.consent?.grantId;
      const exact = client.redirectUris.includes(String(ctx.oidc.params?.redirect_uri));
      const grantId = answered ?? (exact ? (store.grants.rememberedGrant(client.clientId) ?? ctx.oidc.session?.grantIdFor(client.clientId)) : undefined);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // MCP clients register authorization_code + refresh_token without offline_access.
    issueRefreshToken: (_ctx: unknown, client: OidcClient) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: s.accessTokenTtlSeconds,
      ClientCredentials: s.accessTokenTtlSeconds,
      AuthorizationCode: s.authorizationCodeTtlSeconds,
      RefreshToken: s.refreshTokenTtlSeconds,
      Grant: s.refreshTokenTtlSeconds,
      IdToken: 3600,
      Interaction: 600,
      Session: 24 * 3600,
    },
    renderError: (ctx: Ctx, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = deps.errorPage(out.error ?? 'server_error', out.error_description ?? 'the request could not be completed');
    },
    fetch: guardedFetch({ allowPrivate: () => store.settings.get().cimdAllowPrivateAddresses }),
    formats: {
      customizers: {
        // Every JWT names its grant (a sign-in's, or the client's machine grant for
        // client_credentials): the gateway and introspection refuse it once that grant is
        // gone. Recorded as issued so the OAuth screen can count live tokens.
        jwt: (_ctx: unknown, token: IssuedToken, jwt: { payload: Record<string, unknown> }) => {
          const grantId = token.grantId ?? (token.kind === 'ClientCredentials' ? machineGrantFor(token) : null);
          if (grantId) jwt.payload.gh_grant = grantId;
          const { jti, exp } = jwt.payload;
          if (typeof jti === 'string' && typeof exp === 'number') store.standing.recordIssued({ jti, clientId: token.clientId, grantId, expEpoch: exp });
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      clientCredentials: { enabled: true },
      // Routed to Gatehouse's own handlers (JWTs and API keys); on for the metadata.
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: {
        // 'token' without a token set is closed, never open.
        enabled: s.registration === 'open' || (s.registration === 'token' && regToken !== null),
        initialAccessToken: regToken ?? false,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: Ctx, _client: OidcClient, oneOf?: string | string[]) => {
          if (oneOf) return oneOf;
          const grantType = ctx.oidc.params?.grant_type;
          if (ctx.oidc.route === 'token' && (grantType === 'authorization_code' || grantType === 'refresh_token')) return undefined;
          throw new errors.InvalidTarget!(`name the MCP server with resource=${resources.gatewayBase}<server>`);
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx: Ctx, resource: string, client: OidcClient) => {
          const server = resources.serverOf(resource);
          if (!server) throw new errors.InvalidTarget!(`unknown resource; Gatehouse resources are ${resources.gatewayBase}<registered server> and the self-hosted resource servers registered with: gatehouse oauth resources add URL --name NAME`);
          if (ctx.oidc.route === 'token') {
            // A token never allows more than the client's rules (the admin may have narrowed them).
            const access = store.clients.access(client.clientId);
            if (!access || access.disabled || !rulesReach(access.rules, server)) {
              throw new errors.InvalidTarget!(`this client is not allowed to use ${server}`);
            }
          }
          checkRequestedScope(ctx, resources);
          return {
            scope: scopeOf(server),
            audience: resource,
            accessTokenTTL: s.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
      clientIdMetadataDocument: {
        enabled: s.cimdEnabled,
        ack: 'draft-02',
        allowClient: (_ctx: unknown, client: OidcClient) => {
          // The MCP authorization spec's redirect URI rule holds for CIMD clients as for DCR.
          const problem = client.redirectUris.map(registeredRedirectUriProblem).find((p) => p !== null);
          if (problem) {
            // Its constructor keeps a fixed description ("did not match"): set the one that says why.
            const refused = new errors.InvalidRedirectUri!();
            refused.error_description = `the client's metadata document: ${problem}`;
            throw refused;
          }
          store.clients.remember(client.clientId, 'cimd', client.metadata());
          return store.clients.access(client.clientId)?.disabled !== true;
        },
        cacheDuration: { min: 30, max: 3600 },
      },
    },
  });

  // Koa builds URLs and decides on Secure cookies from X-Forwarded-Proto/-Host when told to
  // trust a proxy. The HTTP server overwrites both on every request with the origin it
  // decided (the public URL behind a load balancer), so what reaches here is never a
  // client's own header.
  provider.proxy = true;

  // RFC 8252 §7.3 for every client, however it registered (DCR clients are 'web': MCP SDKs
  // send no application_type). oidc-provider allows other loopback ports to 'native'
  // clients only, and to `localhost` too; making DCR clients 'native' is no way out, as
  // oidc-provider then asks for consent on every request (its native_client_prompt
  // check) and remembered consent would never apply. Each Provider has its own Client class.
  provider.Client.prototype.redirectUriAllowed = function (this: OidcClient, uri: string) {
    return redirectUriMatches(uri, this.redirectUris);
  };
  // client_credentials is standing access: only while the client holds a machine grant,
  // which the admin gives (a DCR registration asking for the grant type is not enough).
  const grantTypeAllowed = provider.Client.prototype.grantTypeAllowed;
  provider.Client.prototype.grantTypeAllowed = function (this: OidcClient, type: string) {
    if (!grantTypeAllowed.call(this, type)) return false;
    if (type !== 'client_credentials') return true;
    const grant = store.standing.machineGrantOf(this.clientId);
    if (grant) {
      checkedMachineGrant.set(this, grant);
      return true;
    }
    throw new errors.UnauthorizedClient!(
      'machine access without sign-in (client_credentials) is off for this client; the Gatehouse admin turns it on ' +
        `under OAuth → Clients, or with: gatehouse oauth clients update ${this.clientId} --machine-access on`,
    );
  };

  const touch = (token: { clientId?: string }) => {
    const id = token.clientId;
    const now = Date.now();
    if (!id || now - (lastTouch.get(id) ?? 0) < 60_000) return;
    lastTouch.set(id, now);
    store.clients.touch(id);
  };
  provider.on('access_token.issued', touch);
  provider.on('client_credentials.issued', touch);
  return provider;
}
