// The MCP SDK client signing in the way an MCP app does, for the gateway tests: an
// OAuthClientProvider kept in memory whose "browser" is Chromium clicking Allow.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Page } from 'playwright-core';
import { DEADLINE_MS } from './gateway-initialize';
import { authorizeInBrowser, redirectReceiver } from './oauth-harness';

export type Receiver = Awaited<ReturnType<typeof redirectReceiver>>;

/**
 * The SDK's OAuthClientProvider as an MCP app would implement it: everything in memory,
 * and "open the browser" means Chromium (signed in as the admin) clicking Allow.
 */
export class BrowserOAuthProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  readonly authorizationUrls: URL[] = [];
  private code: Promise<string> | null = null;

  constructor(
    private readonly page: Page,
    private readonly rx: Receiver,
    seed: { info?: OAuthClientInformationMixed; tokens?: OAuthTokens } = {},
  ) {
    this.info = seed.info;
    this.saved = seed.tokens;
  }

  get redirectUrl(): string {
    return this.rx.uri;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'SDK test app',
      redirect_uris: [this.rx.uri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
    this.code = withDeadline(authorizeInBrowser(this.page, url.href, this.rx), 'the browser to come back with a code').then((cb) => {
      const code = cb.searchParams.get('code');
      if (!code) throw new Error(`no code in ${cb.href}`);
      return code;
    });
  }
  /** The code the browser brought back to the redirect receiver. */
  authorizationCode(): Promise<string> {
    if (!this.code) throw new Error('the SDK never asked for authorization');
    return this.code;
  }
}

export function withDeadline<T>(p: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out waiting for ${what}`)), ms))),
  ]);
}

/** Every request the SDK makes (method, URL, status), for checking the order of the flow. */
function recordingFetch(log: string[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    log.push(`${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname} ${res.status}`);
    return res;
  };
}

/** Connects an SDK client; on UnauthorizedError finishes auth with the browser's code and reconnects once. */
export async function connectWithOAuth(url: string, provider: BrowserOAuthProvider, log: string[] = []): Promise<Client> {
  const make = () => new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch(log) });
  const first = make();
  const c1 = new Client({ name: 'gateway-oauth-test', version: '1.0.0' });
  try {
    await withDeadline(c1.connect(first), 'connect');
    return c1;
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  await first.finishAuth(await provider.authorizationCode());
  const c2 = new Client({ name: 'gateway-oauth-test', version: '1.0.0' });
  await withDeadline(c2.connect(make()), 'reconnect after finishAuth');
  return c2;
}
