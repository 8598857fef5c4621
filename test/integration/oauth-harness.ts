// Shared set-up for the OAuth integration tests: a real `gatehouse serve` (built CLI)
// with a registered server, an admin session, a loopback redirect receiver, Chromium,
// and oauth4webapi as the strict client.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import * as oauth from 'oauth4webapi';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src-main/core/log';
import { openStore, type OpenedStore } from '../../src-main/core/open-store';
import { tmpDir } from '../helpers/core';
import type { Engine, ServeEngines } from './engine-serve';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/gatehouse');
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export interface Serve {
  issuer: string;
  adminUrl: string;
  gatewayBase: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  proc: ChildProcess;
  as: oauth.AuthorizationServer;
  resource: (server?: string) => string;
  /** The CLI on this data dir, asynchronously: a synchronous call would block this process's
   * event loop, and fetch could then send a request on a keep-alive socket serve closed meanwhile. */
  cli(args: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts serve on SQLite in a temp data dir, or on the PostgreSQL database at `databaseUrl` (migrated first). */
export async function startServe(extraEnv: NodeJS.ProcessEnv = {}, databaseUrl?: string): Promise<Serve> {
  const t = tmpDir('gatehouse-oauth-');
  const engine = databaseUrl ? { GATEHOUSE_DATABASE_URL: databaseUrl } : {};
  const env = { ...process.env, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'), GATEHOUSE_DATA_DIR: t.dir, ...engine, ...extraEnv };
  const cliSync = (args: string[]) => execFileSync(process.execPath, [BIN, ...args, '--json'], { env, encoding: 'utf8' });
  const cli = (args: string[]) =>
    new Promise<unknown>((res, rej) =>
      execFile(process.execPath, [BIN, ...args, '--json'], { env, encoding: 'utf8' }, (e, stdout, stderr) =>
        e ? rej(new Error(`gatehouse ${args.join(' ')} failed: ${stderr || e.message}`)) : res(JSON.parse(stdout)),
      ),
    );
  // Before serve starts, nothing else runs here: synchronous is fine.
  if (databaseUrl) execFileSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
  cliSync(['servers', 'add', 'everything', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  cliSync(['servers', 'add', 'other', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await new Promise<{ issuer: string; admin_url: string; gateway_base: string }>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`no ready line: ${err}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      res(JSON.parse(out.split('\n')[0]!) as { issuer: string; admin_url: string; gateway_base: string });
    });
    proc.on('exit', (code) => rej(new Error(`serve exited ${code}: ${err}`)));
  });
  const issuer = new URL(ready.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  return {
    issuer: ready.issuer,
    adminUrl: ready.admin_url,
    gatewayBase: ready.gateway_base,
    dataDir: t.dir,
    env,
    proc,
    as,
    resource: (server = 'everything') => `${ready.gateway_base}${server}`,
    cli,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      t.cleanup();
    },
  };
}

/**
 * The store serve runs on (SQLite in its data dir, or its PostgreSQL database), opened as
 * the product opens it: for a test that moves a stored time as the clock passing it would,
 * on either engine. Close it after use.
 */
export function openServeStore(serve: Serve): OpenedStore {
  return openStore({ dataDir: serve.dataDir, databaseUrl: serve.env.GATEHOUSE_DATABASE_URL }, silentLogger);
}

/** A loopback redirect_uri: records every request it gets. */
export async function redirectReceiver(): Promise<{ uri: string; next(): Promise<URL>; close(): Promise<void> }> {
  const waiting: ((u: URL) => void)[] = [];
  const got: URL[] = [];
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (u.pathname !== '/cb') return void res.writeHead(404).end(); // favicon and the like
    const w = waiting.shift();
    if (w) w(u);
    else got.push(u);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('signed in; you can close this tab');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    uri: `http://127.0.0.1:${port}/cb`,
    next: () => (got.length ? Promise.resolve(got.shift()!) : new Promise((r) => waiting.push(r))),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Signs the browser context in as the admin; returns the session cookie for API calls. */
export async function signIn(ctx: BrowserContext, serve: Serve): Promise<string> {
  const page = await ctx.newPage();
  await page.goto(serve.adminUrl);
  await page.close();
  const cookie = (await ctx.cookies(`${serve.issuer}/admin/`)).find((c) => c.name === 'gh_session');
  if (!cookie) throw new Error('no admin session cookie after sign-in');
  return `gh_session=${cookie.value}`;
}

/** Calls the admin API over HTTP as the signed-in admin page would. */
export async function adminApi<T = unknown>(serve: Serve, cookie: string, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${serve.issuer}/admin/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: serve.issuer, Cookie: cookie },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { data?: T; error?: { message: string } };
  if (!res.ok || body.error) throw new Error(`${method}: ${body.error?.message ?? res.status}`);
  return body.data as T;
}

export interface Pkce {
  verifier: string;
  challenge: string;
}
export async function pkce(): Promise<Pkce> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export function authorizeUrl(serve: Serve, params: Record<string, string>): string {
  const u = new URL(serve.as.authorization_endpoint!);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.href;
}

/** Opens an authorization URL in the browser; clicks Allow when the consent page shows. Returns the callback URL. */
export async function authorizeInBrowser(page: Page, url: string, rx: { next(): Promise<URL> }, click: 'Allow' | 'Deny' | null = 'Allow'): Promise<URL> {
  const cb = rx.next();
  await page.goto(url);
  if (click && page.url().includes('/admin/consent/')) await page.getByRole('button', { name: click }).click();
  return cb;
}

/** Registers a public client (code + refresh, no client authentication) by open DCR, as an MCP client app does. */
export async function registerPublicClient(serve: Serve, clientName: string, redirectUris: string[]): Promise<oauth.Client> {
  const reg = await oauth.dynamicClientRegistrationRequest(
    serve.as,
    { client_name: clientName, redirect_uris: redirectUris, grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none' },
    insecure,
  );
  return oauth.processDynamicClientRegistrationResponse(reg);
}

/** Expects an oauth4webapi processing step to fail with this OAuth error code. */
export async function oauthError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError) return e.error;
    // A 401 answer (invalid_client) comes as a WWW-Authenticate challenge.
    if (e instanceof oauth.WWWAuthenticateChallengeError) return e.cause[0]?.parameters.error ?? 'invalid_client';
    throw e;
  }
  throw new Error('expected an OAuth error, got success');
}

/** Starts a code + PKCE sign-in for one server in the page and stops on the consent step; returns its uid and verifier. */
export async function openConsent(page: Page, serve: Serve, clientId: string, redirectUri: string, server = 'everything'): Promise<{ uid: string; verifier: string }> {
  const p = await pkce();
  await page.goto(authorizeUrl(serve, {
    client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: `mcp:${server}`,
    resource: serve.resource(server), code_challenge: p.challenge, code_challenge_method: 'S256',
  }));
  const path = new URL(page.url()).pathname;
  if (!path.startsWith('/admin/consent/')) throw new Error(`expected the consent step, got ${page.url()}`);
  return { uid: path.slice('/admin/consent/'.length), verifier: p.verifier };
}

export type Receiver = Awaited<ReturnType<typeof redirectReceiver>>;

/** What `signedInServe` sets before a describe's tests run. */
export interface SignedInServe {
  serve: Serve;
  browser: Browser;
  /** A page in the admin's signed-in browser context. */
  page: Page;
  /** The admin session cookie, for `adminApi`. */
  cookie: string;
  rx: Receiver;
}

export interface SignedInOptions {
  /** Extra environment for serve. */
  env?: NodeJS.ProcessEnv;
  /** Servers to expose before sign-in. */
  expose?: string[];
  /** More set-up on the running serve before sign-in. */
  setUp?: (serve: Serve) => Promise<unknown>;
  /** A browser the file shares across engines: this fixture then closes only its own context. */
  browser?: () => Browser;
}

/**
 * A describe's set-up for the OAuth tests on one engine: serve (on `engine`), Chromium, a
 * redirect receiver and a signed-in admin page. Registers its own beforeAll/afterAll; the
 * returned object's fields are set before the tests run.
 */
export function signedInServe(engines: ServeEngines, engine: Engine, opts: SignedInOptions = {}): SignedInServe {
  const t = {} as SignedInServe;
  beforeAll(async () => {
    const browser = opts.browser ? Promise.resolve(opts.browser()) : launchBrowser();
    [t.serve, t.browser, t.rx] = await Promise.all([engines.databaseUrl(engine).then((url) => startServe(opts.env, url)), browser, redirectReceiver()]);
    for (const server of opts.expose ?? []) await t.serve.cli(['servers', 'expose', server]);
    await opts.setUp?.(t.serve);
    const ctx = await t.browser.newContext();
    t.cookie = await signIn(ctx, t.serve);
    t.page = await ctx.newPage();
  });
  afterAll(async () => {
    await (opts.browser ? t.page?.context().close() : t.browser?.close());
    await t.rx?.close();
    await t.serve?.stop();
  });
  return t;
}
