// Every public URL of the AS and the gateway, derived from the issuer (serve's base URL).
function base(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

export const urls = {
  jwks: (issuer: string) => `${base(issuer)}/oauth/jwks`,
  asMetadata: (issuer: string) => `${base(issuer)}/.well-known/oauth-authorization-server`,
  register: (issuer: string) => `${base(issuer)}/oauth/register`,
  /** The MCP endpoint of an exposed server, and the `aud` of its tokens. */
  resource: (issuer: string, server: string) => `${base(issuer)}/mcp/${encodeURIComponent(server)}`,
  /** RFC 9728 protected-resource metadata of that endpoint. */
  resourceMetadata: (issuer: string, server: string) =>
    `${base(issuer)}/.well-known/oauth-protected-resource/mcp/${encodeURIComponent(server)}`,
};
