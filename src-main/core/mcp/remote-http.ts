// The HTTP side of a remote MCP server, shared by both eras: one keep-alive client for its
// origin (http1.ts: node:http cost 0.15-0.2 ms more per loopback POST, undici's fetch
// 0.45 ms more), the headers every request carries (Gatehouse's own credentials from the
// vault, never the client's), and a fresh token from the server's own AS when it asks.
import type { Core } from '..';
import { VERSION } from '../version';
import { UpstreamAuth, UpstreamSignInNeeded } from '../servers/upstream-oauth';
import { Http1Client, originOf, type Exchange, type Handlers, type Head } from './http1';

type OAuthProvider = NonNullable<ReturnType<UpstreamAuth['sessionProvider']>>;
export type Headers = Record<string, string>;

/** Refreshes under way, by server name (shared by every session and pool slot of this process). */
const refreshing = new Map<string, Promise<boolean>>();

export class RemoteHttp {
  readonly url: URL;
  private readonly client: Http1Client;
  private readonly path: string;
  private readonly fixed: Headers = { 'user-agent': `Gatehouse/${VERSION}` };
  private readonly provider: OAuthProvider | null = null;
  /** Set when the server wants an OAuth sign-in that the admin has not done. */
  readonly signInMissing: boolean = false;

  constructor(
    core: Core,
    readonly server: string,
  ) {
    const target = { ...core.servers.remote(server), ...core.servers.upstreamAuthOf(server) };
    this.url = new URL(target.url);
    this.client = new Http1Client(originOf(this.url));
    this.path = `${this.url.pathname}${this.url.search}`;
    for (const [k, v] of Object.entries(target.headers)) this.fixed[k.toLowerCase()] = v;
    if (target.authMode === 'oauth') {
      delete this.fixed.authorization;
      this.provider = new UpstreamAuth(core).sessionProvider(target);
      this.signInMissing = !this.provider;
    }
  }

  get signInMessage(): string {
    return `Gatehouse: ${new UpstreamSignInNeeded(this.server).message}`;
  }

  /** A message about this server for an MCP client. */
  say(what: string): string {
    return `Gatehouse: the remote MCP server ${this.server} ${what}`;
  }

  /** The request's headers; a promise only with an OAuth sign-in (its token may need a refresh). */
  headers(extra: Headers): Headers | Promise<Headers> {
    const h: Headers = { ...this.fixed, ...extra };
    if (!this.provider) return h;
    return Promise.resolve(this.provider.tokens()).then((tokens) => {
      if (tokens?.access_token) h.authorization = `Bearer ${tokens.access_token}`;
      return h;
    });
  }

  /** Sends one request; a header value that is not valid HTTP (from the vault or the server) fails it. */
  request(method: 'POST' | 'GET' | 'DELETE', h: Headers, body: Buffer | null, on: Handlers): Exchange | null {
    try {
      return this.client.request(method, this.path, h, body, on);
    } catch (e) {
      on.error(e as Error);
      return null;
    }
  }

  /** Whether a 401 can be answered with a new token (an OAuth sign-in only). */
  get canReauthorize(): boolean {
    return this.provider !== null;
  }

  /**
   * On a 401 with an OAuth sign-in: refresh through the SDK; true when there is a new token.
   * One refresh per server at a time: requests refused together (a 2026-07-28 client's call
   * beside its subscriptions/listen) share it, since a server that rotates refresh tokens
   * refuses the second use of one, and that refusal would wipe the sign-in.
   */
  reauthorize(res: Head): Promise<boolean> {
    const running = refreshing.get(this.server);
    if (running) return running;
    const refresh = this.refresh(res).finally(() => refreshing.delete(this.server));
    refreshing.set(this.server, refresh);
    return refresh;
  }

  private async refresh(res: Head): Promise<boolean> {
    if (!this.provider) return false;
    const { auth, extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const challenge = extractWWWAuthenticateParams(new Response(null, { status: 401, headers: { 'www-authenticate': res.headers['www-authenticate'] ?? '' } }));
    try {
      const result = await auth(this.provider, { serverUrl: this.url, resourceMetadataUrl: challenge.resourceMetadataUrl, scope: challenge.scope });
      return result === 'AUTHORIZED';
    } catch {
      return false;
    }
  }

  /** What an HTTP status that is no answer means, for an error message. */
  statusText(res: Head, body: string): string {
    const status = res.status;
    if (status >= 300 && status < 400) return this.say(`redirected (HTTP ${status}) to ${res.headers.location ?? '?'}; register its final URL`);
    return this.say(`answered HTTP ${status}${body ? `: ${body}` : ''}`);
  }

  close(): void {
    this.client.close();
  }
}

export function errnoText(e: Error): string {
  return (e as NodeJS.ErrnoException).code ?? e.message;
}
