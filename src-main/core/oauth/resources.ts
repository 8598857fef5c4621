// RFC 8707 resources: a registered MCP server NAME is the resource `<gateway_base>NAME`
// and the scope `mcp:NAME`. Matching is exact: no case folding, no trailing slash.
import type { OAuthRule } from '../../../src-preload/contract-oauth';
import { policyFor } from '../policy/policy';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const scopeOf = (server: string) => `mcp:${server}`;

export function serverOfScope(scope: string): string | null {
  const name = scope.startsWith('mcp:') ? scope.slice(4) : '';
  return NAME.test(name) ? name : null;
}

/** How long a server's being registered is trusted: the token endpoint asks on every request. */
const REGISTERED_MS = 1000;

export class Resources {
  private readonly known = new Map<string, { at: number; registered: boolean }>();

  constructor(
    readonly gatewayBase: string,
    private readonly isRegistered: (name: string) => boolean,
  ) {}

  private registered(name: string): boolean {
    const now = Date.now();
    const hit = this.known.get(name);
    if (hit && now - hit.at < REGISTERED_MS) return hit.registered;
    const registered = this.isRegistered(name);
    if (this.known.size > 1000) this.known.clear();
    this.known.set(name, { at: now, registered });
    return registered;
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
