// The part of oidc-provider's API Gatehouse uses (the package ships no types).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
    clientName?: string;
    clientAuthMethod: string;
    redirectUris: string[];
    logoUri?: string;
    applicationType?: string;
    grantTypeAllowed(type: string): boolean;
    redirectUriAllowed(uri: string): boolean;
    compareClientSecret(secret: string): Promise<boolean> | boolean;
    metadata(): Record<string, unknown>;
    clientIdMetadataDocument?: boolean;
  }
  export interface OidcToken {
    jti: string;
    clientId: string;
    grantId?: string;
    accountId?: string;
    scope?: string;
    resource?: string | string[];
    aud?: string | string[];
    exp: number;
    iat: number;
    isValid: boolean;
    kind: string;
    destroy(): Promise<void>;
  }
  export interface OidcGrant {
    jti: string;
    clientId: string;
    accountId: string;
    resources?: Record<string, string>;
    addResourceScope(resource: string, scope: string): void;
    addOIDCScope(scope: string): void;
    getResourceScopeFinal(resource: string, scope: string): string;
    save(): Promise<string>;
  }
  export interface TokenModel {
    find(value: string, opts?: { ignoreExpiration?: boolean }): Promise<OidcToken | undefined>;
    revokeByGrantId(grantId: string): Promise<void>;
  }
  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
    returnTo: string;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    Client: { find(id: string): Promise<OidcClient | undefined>; prototype: OidcClient };
    Grant: { new (init: { accountId: string; clientId: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> };
    AccessToken: TokenModel;
    RefreshToken: TokenModel;
    ClientCredentials: TokenModel;
    AuthorizationCode: TokenModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, opts?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (...args: never[]) => void): this;
  }
  export const errors: Record<string, new (description?: string) => Error & { error: string; error_description?: string; status: number }>;
}
