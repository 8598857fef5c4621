// Gatehouse as an OAuth client of a remote MCP server's own authorization server.
// The protocol (RFC 9728 + RFC 8414 discovery, DCR, PKCE, code exchange, refresh) is
// the MCP SDK's `auth()`; this file is the vault-backed OAuthClientProvider it drives
// and the three admin actions (connect, status, disconnect) plus the callback.
// Every secret sits sealed in upstream_oauth with an AAD naming the column and server id.
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { UpstreamAuthStatus } from '../../../src-shared/model/servers';
import type { AuditLog } from '../audit/log';
import type { Vault } from '../crypto/vault';
import type { Sql } from '../db/sql';
import { GatehouseError } from '../errors';
import type { RemoteTarget, ServerRegistry } from './registry';

/** Where upstream authorization servers send the browser back, on Gatehouse's own HTTP server. */
export const UPSTREAM_CALLBACK_PATH = '/admin/upstream-callback';
/** A sign-in left open longer than this is refused at the callback. */
const PENDING_TTL_MS = 15 * 60 * 1000;

interface Row {
  server_id: string;
  redirect_uri: string | null;
  client_sealed: Buffer | null;
  tokens_sealed: Buffer | null;
  token_expires_at: number | null;
  has_refresh_token: number;
  connected_at: number | null;
  verifier_sealed: Buffer | null;
  state_hash: string | null;
  pending_url: string | null;
  pending_at: number | null;
  last_error: string | null;
}

const aad = (column: 'client' | 'tokens' | 'verifier', serverId: string) => `upstream_oauth.${column}_sealed:${serverId}`;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What an MCP client is told when the upstream has no usable sign-in. */
export function needsSignInMessage(server: string): string {
  return `the upstream needs the admin to sign in: open Gatehouse → Servers → ${server} → Connect (or run: gatehouse servers connect ${server})`;
}

export class UpstreamSignInNeeded extends GatehouseError {
  constructor(server: string) {
    super('UPSTREAM_SIGN_IN_NEEDED', needsSignInMessage(server));
  }
}

/** The provider the SDK's auth() and StreamableHTTPClientTransport call. State lives in the store, so the
 *  process that starts a sign-in (CLI, app) and the one that receives the callback (serve) may differ. */
export class VaultOAuthProvider implements OAuthClientProvider {
  private pendingState: string | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly vault: Vault,
    private readonly server: { id: string; name: string },
    private readonly redirectUri: string,
    /** false in gateway sessions: a lost sign-in is reported, never restarted from there. */
    private readonly interactive: boolean,
  ) {
    sql.run('INSERT OR IGNORE INTO upstream_oauth (server_id, updated_at) VALUES (?, ?)', [server.id, Date.now()]);
  }

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Gatehouse',
      redirect_uris: [this.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    this.pendingState = randomBytes(32).toString('base64url');
    return this.pendingState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const r = this.row();
    // Registered for another callback address (Gatehouse moved port): register again.
    if (!r.client_sealed || r.redirect_uri !== this.redirectUri) return undefined;
    return this.open<OAuthClientInformationMixed>(r.client_sealed, 'client');
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.set({ client_sealed: this.seal(info, 'client'), redirect_uri: this.redirectUri });
  }

  tokens(): OAuthTokens | undefined {
    const r = this.row();
    return r.tokens_sealed ? this.open<OAuthTokens>(r.tokens_sealed, 'tokens') : undefined;
  }

  saveTokens(tokens: OAuthTokens): void {
    // Stored exactly as given (the SDK stamps the issuer it was bound to).
    const now = Date.now();
    this.set({
      tokens_sealed: this.seal(tokens, 'tokens'),
      token_expires_at: typeof tokens.expires_in === 'number' ? now + tokens.expires_in * 1000 : null,
      has_refresh_token: tokens.refresh_token ? 1 : 0,
      connected_at: this.row().connected_at ?? now,
      last_error: null,
    });
  }

  redirectToAuthorization(url: URL): void {
    if (!this.interactive || !this.pendingState) throw new UpstreamSignInNeeded(this.server.name);
    this.set({ pending_url: url.href, state_hash: sha256(this.pendingState), pending_at: Date.now() });
  }

  saveCodeVerifier(verifier: string): void {
    // A session that lost its tokens must not overwrite the verifier of a sign-in the admin has open.
    if (this.interactive) this.set({ verifier_sealed: this.seal(verifier, 'verifier') });
  }

  codeVerifier(): string {
    const r = this.row();
    if (!r.verifier_sealed) throw new GatehouseError('INVALID_INPUT', 'no sign-in in progress for this server');
    return this.open<string>(r.verifier_sealed, 'verifier');
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'client') this.set({ client_sealed: null });
    if (scope === 'all' || scope === 'tokens') {
      this.set({ tokens_sealed: null, token_expires_at: null, has_refresh_token: 0, connected_at: null });
      if (!this.interactive) this.set({ last_error: 'the upstream refused the stored tokens; sign in again' });
    }
    if (scope === 'all' || scope === 'verifier') this.set({ verifier_sealed: null });
  }

  private row(): Row {
    return this.sql.get<Row>('SELECT * FROM upstream_oauth WHERE server_id = ?', [this.server.id])!;
  }

  private set(values: Partial<Omit<Row, 'server_id'>>): void {
    setRow(this.sql, this.server.id, values);
  }

  private seal(value: unknown, column: 'client' | 'tokens' | 'verifier'): Buffer {
    return this.vault.seal(JSON.stringify(value), aad(column, this.server.id));
  }

  private open<T>(sealed: Buffer, column: 'client' | 'tokens' | 'verifier'): T {
    return JSON.parse(this.vault.open(sealed, aad(column, this.server.id)).toString('utf8')) as T;
  }
}

function setRow(sql: Sql, serverId: string, values: Partial<Omit<Row, 'server_id'>>): void {
  const keys = Object.keys(values);
  if (keys.length === 0) return;
  sql.run(`UPDATE upstream_oauth SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @now WHERE server_id = @id`, {
    ...values,
    now: Date.now(),
    id: serverId,
  });
}

export interface UpstreamAuthDeps {
  sql: Sql;
  vault: Vault;
  servers: ServerRegistry;
  audit: AuditLog;
  /** The base URL of the Gatehouse HTTP server running now (null in the CLI). */
  runtime: { issuer: string | null };
}

/** A remote server with what its upstream sign-in needs. */
export type OAuthTarget = RemoteTarget & { id: string; authMode: 'headers' | 'oauth' };

/** The admin actions around a server's upstream sign-in. Stateless: everything is in the database. */
export class UpstreamAuth {
  constructor(private readonly d: UpstreamAuthDeps) {}

  target(name: string): OAuthTarget {
    return { ...this.d.servers.remote(name), ...this.d.servers.upstreamAuthOf(name) };
  }

  /** Where the callback is: the HTTP server of this process, else the one last started on this data dir. */
  redirectUri(): string | null {
    const issuer =
      this.d.runtime.issuer ??
      this.d.sql.get<{ value: string }>("SELECT value FROM oauth_settings WHERE key = 'issuer'")?.value ??
      null;
    return issuer ? `${issuer}${UPSTREAM_CALLBACK_PATH}` : null;
  }

  status(name: string): UpstreamAuthStatus {
    const t = this.target(name);
    const r = this.d.sql.get<Row>('SELECT * FROM upstream_oauth WHERE server_id = ?', [t.id]);
    const waiting = Boolean(r?.pending_url && r.pending_at && Date.now() - r.pending_at < PENDING_TTL_MS);
    return {
      server: name,
      state: stateOf(t.authMode, r, waiting),
      redirectUri: r?.redirect_uri ?? this.redirectUri(),
      authorizationUrl: waiting && !r?.tokens_sealed ? r!.pending_url : null,
      connectedAt: iso(r?.connected_at ?? null),
      expiresAt: iso(r?.token_expires_at ?? null),
      refreshable: Boolean(r?.has_refresh_token),
      error: t.authMode === 'oauth' ? (r?.last_error ?? null) : null,
    };
  }

  /** Switches the server to OAuth, discovers its AS, registers (DCR) and returns the authorization URL to open. */
  async connect(name: string): Promise<UpstreamAuthStatus> {
    const t = this.target(name);
    const redirectUri = this.redirectUri();
    if (!redirectUri) {
      throw new GatehouseError(
        'NOT_RUNNING',
        'Gatehouse receives the sign-in on its own HTTP server: start the app or `gatehouse serve` first, then connect again',
      );
    }
    this.d.servers.setAuthMode(name, 'oauth');
    const provider = new VaultOAuthProvider(this.d.sql, this.d.vault, t, redirectUri, true);
    // A new sign-in replaces the old one; the client registration is kept when its redirect URI still fits.
    provider.invalidateCredentials('tokens');
    setRow(this.d.sql, t.id, { pending_url: null, state_hash: null, pending_at: null, verifier_sealed: null, last_error: null });
    const { auth, extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
    try {
      // Discovery starts where an MCP client's does: the upstream's 401 and its resource_metadata.
      const challenge = await probe(t.url, extractWWWAuthenticateParams);
      const result = await auth(provider, { serverUrl: t.url, ...challenge });
      if (result === 'AUTHORIZED') this.d.audit.record({ action: 'server.upstream_connect', server: name, reason: 'authorized without sign-in' });
    } catch (e) {
      const message = `sign-in at the upstream failed: ${(e as Error).message}`;
      setRow(this.d.sql, t.id, { last_error: message });
      throw new GatehouseError('UPSTREAM_AUTH_FAILED', message);
    }
    this.d.audit.record({ action: 'server.upstream_connect', server: name, reason: 'sign-in started' });
    return this.status(name);
  }

  /** The browser came back from the upstream's AS: checks `state`, exchanges the code. Returns the server's name. */
  async complete(query: URLSearchParams): Promise<string> {
    const state = query.get('state');
    if (!state) throw new GatehouseError('INVALID_INPUT', 'the callback has no state: it was not started by this Gatehouse');
    const r = this.d.sql.get<Row>('SELECT * FROM upstream_oauth WHERE state_hash = ?', [sha256(state)]);
    if (!r || !r.pending_at || !r.redirect_uri) {
      throw new GatehouseError('INVALID_INPUT', 'unknown or already used sign-in (state does not match); start again with Connect');
    }
    const server = this.d.sql.get<{ name: string }>('SELECT name FROM servers WHERE id = ?', [r.server_id]);
    if (!server) throw new GatehouseError('NOT_FOUND', 'the server of this sign-in was removed');
    // One use only, whatever happens next.
    setRow(this.d.sql, r.server_id, { state_hash: null, pending_url: null, pending_at: null });
    const fail = (message: string): never => {
      setRow(this.d.sql, r.server_id, { last_error: message, verifier_sealed: null });
      this.d.audit.record({ action: 'server.upstream_connect', server: server.name, decision: 'denied', reason: message });
      throw new GatehouseError('UPSTREAM_AUTH_FAILED', message);
    };
    if (Date.now() - r.pending_at > PENDING_TTL_MS) fail('the sign-in took too long; start again with Connect');
    const error = query.get('error');
    if (error) fail(`the upstream refused the sign-in: ${error}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}`);
    const code = query.get('code');
    if (!code) fail('the callback has no authorization code');
    const t = this.target(server.name);
    const provider = new VaultOAuthProvider(this.d.sql, this.d.vault, t, r.redirect_uri, true);
    const { auth } = await import('@modelcontextprotocol/sdk/client/auth.js');
    try {
      await auth(provider, { serverUrl: t.url, authorizationCode: code! });
    } catch (e) {
      fail(`the code exchange with the upstream failed: ${(e as Error).message}`);
    }
    setRow(this.d.sql, r.server_id, { verifier_sealed: null });
    this.d.audit.record({ action: 'server.upstream_connect', server: server.name, decision: 'allowed', reason: 'signed in' });
    return server.name;
  }

  disconnect(name: string): UpstreamAuthStatus {
    const t = this.target(name);
    this.d.sql.run(
      `UPDATE upstream_oauth SET tokens_sealed = NULL, token_expires_at = NULL, has_refresh_token = 0, connected_at = NULL,
         verifier_sealed = NULL, state_hash = NULL, pending_url = NULL, pending_at = NULL, last_error = NULL, updated_at = ?
       WHERE server_id = ?`,
      [Date.now(), t.id],
    );
    this.d.audit.record({ action: 'server.upstream_disconnect', server: name });
    return this.status(name);
  }

  /** The provider a gateway session or the guard's bridge hands the SDK transport; null when no sign-in is stored. */
  sessionProvider(t: OAuthTarget): VaultOAuthProvider | null {
    const r = this.d.sql.get<Pick<Row, 'redirect_uri' | 'tokens_sealed'>>('SELECT redirect_uri, tokens_sealed FROM upstream_oauth WHERE server_id = ?', [t.id]);
    if (!r?.tokens_sealed || !r.redirect_uri) return null;
    return new VaultOAuthProvider(this.d.sql, this.d.vault, t, r.redirect_uri, false);
  }
}

/** An unauthenticated MCP request: a 401's WWW-Authenticate names the resource metadata and scope. */
async function probe(
  url: string,
  extract: (res: Response) => { resourceMetadataUrl?: URL; scope?: string },
): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (res.status !== 401) return {};
    const { resourceMetadataUrl, scope } = extract(res);
    return { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope ? { scope } : {}) };
  } catch {
    return {}; // auth() reports the unreachable upstream with its own message
  }
}

/** Where a server's sign-in stands: tokens win over a pending sign-in, which wins over the last error. */
function stateOf(authMode: string, r: Row | undefined, waiting: boolean): UpstreamAuthStatus['state'] {
  if (authMode === 'headers') return 'not_configured';
  if (r?.tokens_sealed) return 'connected';
  if (waiting) return 'waiting';
  return r?.last_error ? 'error' : 'signed_out';
}
