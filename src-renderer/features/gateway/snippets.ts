// Copy-paste verification code for a self-hosted MCP server that accepts Gatehouse
// access tokens: ES256 JWTs with typ at+jwt, iss = the issuer, aud = the server's
// gateway URL, scope mcp:<server>.
import { urls } from './urls';

export interface SnippetInput {
  issuer: string;
  server: string;
  /** The tokens' aud: the gateway URL of `server`, or a self-hosted resource server's own URL. */
  audience?: string;
}

export function typescriptSnippet({ issuer, server, audience }: SnippetInput): string {
  return `// npm install jose
import { createRemoteJWKSet, jwtVerify } from 'jose';

const JWKS = createRemoteJWKSet(new URL('${urls.jwks(issuer)}'));

/** Verifies the bearer token of a request; throws when it is not valid for this server. */
export async function verifyGatehouseToken(authorization: string | undefined) {
  const token = authorization?.match(/^Bearer (.+)$/i)?.[1];
  if (!token) throw new Error('missing bearer token');
  const { payload } = await jwtVerify(token, JWKS, {
    issuer: '${issuer}',
    audience: '${audience ?? urls.resource(issuer, server)}',
    typ: 'at+jwt',
    algorithms: ['ES256'],
  });
  const scopes = String(payload.scope ?? '').split(' ');
  if (!scopes.includes('mcp:${server}')) throw new Error('insufficient_scope');
  return payload; // payload.client_id: the OAuth client that called
}
`;
}

export function pythonSnippet({ issuer, server, audience }: SnippetInput): string {
  return `# pip install "pyjwt[crypto]"
import jwt

ISSUER = "${issuer}"
AUDIENCE = "${audience ?? urls.resource(issuer, server)}"
jwks_client = jwt.PyJWKClient("${urls.jwks(issuer)}")


def verify_gatehouse_token(token: str) -> dict:
    """Returns the claims; raises jwt.InvalidTokenError when the token is not valid here."""
    header = jwt.get_unverified_header(token)
    if header.get("typ", "").lower() not in ("at+jwt", "application/at+jwt"):
        raise jwt.InvalidTokenError("not an access token (typ must be at+jwt)")
    key = jwks_client.get_signing_key_from_jwt(token).key
    claims = jwt.decode(
        token,
        key,
        algorithms=["ES256"],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"require": ["exp", "iss", "aud"]},
    )
    if "mcp:${server}" not in claims.get("scope", "").split():
        raise jwt.InvalidTokenError("insufficient_scope")
    return claims
`;
}
