// A tiny prefix router: the seam where the admin UI/API, the OAuth AS and the MCP
// gateway each mount their handler. Longest prefix wins.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  /** The request target resolved against the server's own origin (query included). */
  url: URL;
  /** The server's origin as this request addressed it, e.g. `http://127.0.0.1:7337`. */
  origin: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => void | Promise<void>;

export interface MountOptions {
  /**
   * State-changing requests (POST, PUT, PATCH, DELETE) from another origin.
   * 'refuse' (the default) demands `Origin` equal to the server's own origin.
   * 'allow' is for endpoints whose callers are not pages of this origin (OAuth
   * token endpoint, MCP gateway); such a mount must defend itself (bearer tokens,
   * its own CSRF token on forms).
   */
  crossOrigin?: 'refuse' | 'allow';
  /**
   * Answer whatever the Host header says (health probes: a Kubernetes probe sends the
   * pod's IP). Only for read-only endpoints that reveal nothing and set no cookie.
   */
  anyHost?: boolean;
}

export interface Route {
  prefix: string;
  handler: RouteHandler;
  options: Required<MountOptions>;
}

export interface Router {
  /**
   * `prefix` ending in `/` matches every path below it; otherwise it matches the
   * path itself and every path below `prefix + '/'` (so `/admin` does not match `/administrator`).
   */
  mount(prefix: string, handler: RouteHandler, options?: MountOptions): void;
  match(pathname: string): Route | undefined;
}

export function createRouter(): Router {
  const routes: Route[] = [];
  return {
    mount(prefix, handler, options = {}) {
      if (!prefix.startsWith('/')) throw new Error(`mount prefix must start with "/": ${prefix}`);
      if (routes.some((r) => r.prefix === prefix)) throw new Error(`already mounted: ${prefix}`);
      routes.push({ prefix, handler, options: { crossOrigin: options.crossOrigin ?? 'refuse', anyHost: options.anyHost ?? false } });
      routes.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    match(pathname) {
      return routes.find((r) => matches(r.prefix, pathname));
    },
  };
}

function matches(prefix: string, pathname: string): boolean {
  if (prefix.endsWith('/')) return pathname.startsWith(prefix);
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}
