// A request that names a resource but no `scope` asks for that resource's scope
// (`mcp:<server>` for `<gateway_base><server>`), as the README documents. oidc-provider
// grants only the scopes a request names: without this, a sign-in without scope was
// shown the consent page and then refused (access_denied, "no scope was granted"), and a
// client_credentials token without scope was one the gateway refused (insufficient_scope).
import { scopeOf, serverOfScope } from './resources';

/**
 * Sets `scope` to the scopes of the resources the request names, when it has none and
 * every resource is a known server. Returns whether it changed `params`. A request with
 * an unknown resource is left alone: the AS refuses it with invalid_target.
 */
export function withDefaultScope(params: URLSearchParams, serverOf: (resource: string) => string | null): boolean {
  const scopes = params.getAll('scope');
  if (scopes.length > 1 || (scopes.length === 1 && scopes[0]!.trim() !== '')) return false;
  const resources = params.getAll('resource');
  const servers = resources.map(serverOf);
  if (servers.length === 0 || servers.some((s) => s === null)) return false;
  params.set('scope', [...new Set(servers as string[])].map(scopeOf).join(' '));
  return true;
}

/** Which requests get the default: authorization requests (code) and client_credentials token requests. */
export function wantsDefaultScope(endpoint: 'authorization' | 'token' | 'par', params: URLSearchParams): boolean {
  return endpoint === 'token' ? params.get('grant_type') === 'client_credentials' : params.get('response_type') === 'code';
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/**
 * The first `mcp:` scope a request names for a server that is not among its resources,
 * or null. Such a request could only end without the scope it asked for (after consent:
 * access_denied; for client_credentials: a token the gateway refuses), so it is refused
 * at once with invalid_scope.
 */
export function foreignResourceScope(scope: unknown, resource: unknown, serverOf: (resource: string) => string | null): string | null {
  const servers = new Set(list(resource).map(serverOf).filter((s): s is string => s !== null));
  const scopes = list(scope).flatMap((s) => s.split(' ')).filter((s) => s.startsWith('mcp:'));
  return scopes.find((s) => !servers.has(serverOfScope(s) ?? '')) ?? null;
}
