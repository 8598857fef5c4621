// RFC 8707 resources: a registered MCP server NAME is the resource `<gateway_base>NAME`
// and the scope `mcp:NAME`. Matching is exact: no case folding, no trailing slash.
import type { OAuthRule } from '../../../src-preload/contract-oauth';
import { policyFor } from '../policy/policy';
import { Recent } from '../recent';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const scopeOf = (server: string) => `mcp:${server}`;

export function serverOfScope(scope: string): string | null {
  const name = scope.startsWith('mcp:') ? scope.slice(4) : '';
  return NAME.test(name) ? name : null;
}

export class Resources {
  /** Whether a server is registered, kept a second: the token endpoint asks on every request. */
  private readonly known = new Recent<string, boolean>(1000, 1000);

  constructor(
    readonly gatewayBase: string,
    private readonly isRegistered: (name: string) => boolean,
  ) {}

  private registered(name: string): boolean {
    return this.known.get(name, this.isRegistered);
  }

  resourceOf(server: string): string {
    return `${this.gatewayBase}${server}`;
  }

  /** The registered server a resource indicator names, or null. */
  serverOf(resource: string): string | null {
    if (!resource.startsWith(this.gatewayBase)) return null;
    const name = resource.slice(this.gatewayBase.length);
    return NAME.test(name) && this.registered(name) ? name : null;
  }
}

/** True when the client's rules let it use at least one tool of `server`. */
export function rulesReach(rules: readonly OAuthRule[], server: string): boolean {
  return policyFor(rules).reachesServer(server);
}
