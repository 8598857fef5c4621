// RFC 8707 resources: a registered MCP server NAME is the resource `<gateway_base>NAME`
// and the scope `mcp:NAME`; a self-hosted resource server (resource-servers.ts) is its own
// URL and the scope `mcp:<its name>`. Matching is exact (no case folding, no trailing
// slash), except that the loopback spellings of a URL (`localhost`, `127.0.0.1`, `[::1]`)
// are one resource: users type `localhost`, Gatehouse prints `127.0.0.1`.
import type { OAuthRule } from '../../../src-shared/model/oauth';
import { policyFor } from '../policy/policy';
import type { ChangeClock } from '../db/changes';
import { Recent } from '../recent';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export const scopeOf = (server: string) => `mcp:${server}`;

export function serverOfScope(scope: string): string | null {
  const name = scope.startsWith('mcp:') ? scope.slice(4) : '';
  return NAME.test(name) ? name : null;
}

export function isResourceName(name: string): boolean {
  return NAME.test(name);
}

/**
 * The URL under each loopback spelling of its host, itself first; just the URL when its
 * host is not loopback or the URL is not in the canonical form a URL parser gives back.
 */
export function loopbackSpellings(url: string): string[] {
  const u = URL.parse(url);
  if (!u || u.href !== url || !LOOPBACK_HOSTS.includes(u.hostname) || u.username || u.password) return [url];
  const port = u.port ? `:${u.port}` : '';
  const at = `${u.protocol}//${u.host}`.length;
  const rest = url.slice(at);
  return [url, ...LOOPBACK_HOSTS.filter((h) => h !== u.hostname).map((h) => `${u.protocol}//${h}${port}${rest}`)];
}

/** Whether an access token's `aud` names `resource` (under any of its loopback spellings). */
export function audienceMatches(aud: unknown, resource: string): boolean {
  const one = Array.isArray(aud) ? (aud.length === 1 ? aud[0] : undefined) : aud;
  return typeof one === 'string' && loopbackSpellings(resource).includes(one);
}

export class Resources {
  /** Whether a server is registered, kept a second: the token endpoint asks on every request. */
  private readonly known: Recent<string, boolean>;
  private readonly hosted: Recent<string, string | null>;

  constructor(
    readonly gatewayBase: string,
    private readonly isRegistered: (name: string) => boolean,
    /** The name of the self-hosted resource server at exactly this URL, or null. */
    private readonly selfHosted: (url: string) => string | null = () => null,
    clock?: ChangeClock,
  ) {
    this.known = new Recent(1000, 1000, clock);
    this.hosted = new Recent(1000, 1000, clock);
  }

  private registered(name: string): boolean {
    return this.known.get(name, this.isRegistered);
  }

  resourceOf(server: string): string {
    return `${this.gatewayBase}${server}`;
  }

  /** The registered server or self-hosted resource server a resource indicator names, or null. */
  serverOf(resource: string): string | null {
    for (const spelling of loopbackSpellings(resource)) {
      const name = this.gatewayServer(spelling) ?? this.hosted.get(spelling, this.selfHosted);
      if (name) return name;
    }
    return null;
  }

  private gatewayServer(resource: string): string | null {
    if (!resource.startsWith(this.gatewayBase)) return null;
    const name = resource.slice(this.gatewayBase.length);
    return NAME.test(name) && this.registered(name) ? name : null;
  }
}

/** True when the client's rules let it use at least one tool of `server`. */
export function rulesReach(rules: readonly OAuthRule[], server: string): boolean {
  return policyFor(rules).reachesServer(server);
}
