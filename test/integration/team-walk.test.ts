// Issue 17's first must-show, on the built app: `gatehouse migrate` on an empty
// PostgreSQL database, then three `serve --database-url … --public-url …` replicas
// (A, B, C), and one MCP client's whole OAuth walk with each step sent to a named
// replica through a proxy pinned to it (the load balancer's part: it ends "TLS" and sets
// X-Forwarded-*): discovery at A, B and C, DCR at A, the authorization request and the
// admin's Allow on the consent page at B, the code + PKCE exchange at C, a gateway call at
// A, introspection at B, revocation at C, then the token refused at A and B. oauth4webapi
// is the strict client; the browser's part is plain HTTP with a cookie jar.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { tmpDir } from '../helpers/core';
import { startPostgres, type PgServer } from '../helpers/postgres';
import { echo, forwardingProxy, gatehouseJson, lbHeaders, PUBLIC, raw, startServe, viaProxy, type Proxy, type ServeProc } from './team-harness';

const RESOURCE = `${PUBLIC}/mcp/echo`;
/** Never requested: the walk reads the code off the redirect that points here. */
const REDIRECT_URI = 'http://127.0.0.1:47011/cb';

let pg: PgServer;
let env: NodeJS.ProcessEnv;
let cleanup: () => void;
const replicas: ServeProc[] = [];
const pinned: Proxy[] = [];

const cli = (args: string[]) => gatehouseJson(args, env);

beforeAll(async () => {
  pg = await startPostgres();
  const t = tmpDir('gatehouse-team-walk-');
  cleanup = t.cleanup;
  env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_DATABASE_URL: await pg.createDatabase(), GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
}, 60_000);

afterAll(async () => {
  for (const p of pinned) await p.close();
  await Promise.all(replicas.map((r) => r.stop()));
  pg?.stop();
  cleanup?.();
});

/**
 * The browser's part at one replica: requests to PUBLIC go to that replica's pinned proxy,
 * cookies are kept (by name: this walk's cookies have distinct names) and redirects within
 * PUBLIC followed. Returns the last answer and, when a redirect left PUBLIC, its URL.
 */
function browserAt(proxy: Proxy) {
  const jar = new Map<string, string>();
  const keep = (headers: IncomingHttpHeaders) => {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair, ...attrs] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      const gone = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const send = async (url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    const u = new URL(url, PUBLIC);
    expect(u.origin).toBe(PUBLIC);
    const cookie = [...jar].map(([n, v]) => `${n}=${v}`).join('; ');
    const r = await raw(`${proxy.url}${u.pathname}${u.search}`, { ...opts, headers: { ...opts.headers, ...(cookie ? { cookie } : {}) } });
    keep(r.headers);
    return r;
  };
  return {
    cookies: () => [...jar.keys()],
    /** Sends, then follows redirects within PUBLIC. */
    async go(url: string, opts: Parameters<typeof send>[1] = {}): Promise<{ status: number; text: string; left: URL | null }> {
      let r = await send(url, opts);
      for (let hops = 0; r.status >= 300 && r.status < 400; hops++) {
        expect(hops).toBeLessThan(10);
        const next = new URL(r.headers.location!, PUBLIC);
        if (next.origin !== PUBLIC) return { status: r.status, text: r.text, left: next };
        r = await send(next.href);
      }
      return { status: r.status, text: r.text, left: null };
    },
  };
}

describe('gatehouse migrate, then one OAuth walk through three replicas, each step at a named one', () => {
  it('discovery (A, B, C), DCR (A), consent (B), token with PKCE (C), gateway call (A), introspection (B), revocation (C), refused at A and B', async () => {
    // 1. The schema, on an empty database: every migration this build knows.
    const migrated = (await cli(['migrate'])) as { schema: string; applied: { id: string }[] };
    expect(migrated.schema).toBe(postgresMigrations.at(-1)!.id);
    expect(migrated.applied.map((m) => m.id)).toEqual(postgresMigrations.map((m) => m.id));
    await cli(['servers', 'add', 'echo', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
    await cli(['servers', 'expose', 'echo']);
    // The resource server that introspects (a confidential client of its own).
    const rs = (await cli(['oauth', 'clients', 'create', '--name', 'resource server', '--grant', 'client_credentials'])) as { client_id: string; client_secret: string };
    const args = ['--public-url', PUBLIC, '--trust-proxy', '--log-format', 'text', '--json'];
    replicas.push(...(await Promise.all([0, 1, 2].map(() => startServe(args, { env })))));
    for (const r of replicas) pinned.push(await forwardingProxy(r.listen, lbHeaders()));
    const [A, B, C] = pinned as [Proxy, Proxy, Proxy];
    const at = (p: Proxy) => ({ [oauth.customFetch]: viaProxy(p) });

    // 2. Discovery at A, as an MCP client does it: a call without a token, its challenge, the PRM, the AS metadata.
    const bare = await echo(A.url, null, 'who are you');
    expect(bare.status).toBe(401);
    const prmUrl = /resource_metadata="([^"]+)"/.exec(bare.challenge ?? '')?.[1];
    expect(prmUrl).toBe(`${PUBLIC}/.well-known/oauth-protected-resource/mcp/echo`);
    const prm = (await (await viaProxy(A)(prmUrl!)).json()) as { resource: string; authorization_servers: string[] };
    expect(prm).toMatchObject({ resource: RESOURCE, authorization_servers: [PUBLIC] });
    const issuer = new URL(prm.authorization_servers[0]!);
    // processDiscoveryResponse checks the document's issuer is the one asked for.
    const metadata = async (p: Proxy) => oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...at(p) }));
    const as = await metadata(A);
    expect(as.issuer).toBe(PUBLIC);
    expect(as.registration_endpoint).toBe(`${PUBLIC}/oauth/register`);
    // One issuer for all: B and C publish the same document, PRM included.
    for (const p of [B, C]) {
      expect(await metadata(p)).toEqual(as);
      expect(await (await viaProxy(p)(prmUrl!)).json()).toEqual(prm);
    }

    // 3. DCR at A: a public client (PKCE, no secret).
    const reg = await oauth.dynamicClientRegistrationRequest(
      as,
      { client_name: 'Walking MCP app', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' },
      at(A),
    );
    const client = await oauth.processDynamicClientRegistrationResponse(reg);
    expect(client.client_id).toBeTruthy();

    // 4. The authorization request and the admin's Allow at B: the admin signs in with the
    // one-time link B printed, then answers on the consent page (CSRF token, Origin).
    const browser = browserAt(B);
    expect((await browser.go(replicas[1]!.ready.admin_url!)).status).toBe(200);
    expect(browser.cookies()).toContain('gh_session');
    const verifier = oauth.generateRandomCodeVerifier();
    const authorize = new URL(as.authorization_endpoint!);
    for (const [k, v] of Object.entries({
      client_id: client.client_id, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'mcp:echo', resource: RESOURCE,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    })) authorize.searchParams.set(k, v);
    const page = await browser.go(authorize.href);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Walking MCP app');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
    expect(action).toMatch(/^\/admin\/consent\//);
    const answered = await browser.go(action!, {
      method: 'POST',
      headers: { origin: PUBLIC, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrf!, decision: 'allow' }).toString(),
    });
    expect(answered.left?.href.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    // RFC 9207: the redirect names the one issuer; validateAuthResponse checks it.
    expect(answered.left!.searchParams.get('iss')).toBe(PUBLIC);
    const params = oauth.validateAuthResponse(as, client, answered.left!, oauth.expectNoState);

    // 5. The code exchanged at C, with the PKCE verifier.
    const tokens = await oauth.processAuthorizationCodeResponse(
      as, client, await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, verifier, at(C)),
    );
    expect(tokens.scope).toBe('mcp:echo');
    const token = tokens.access_token;

    // 6. The gateway call at A.
    const call = await echo(A.url, token, 'walked through three replicas');
    expect(call.status).toBe(200);
    expect(call.text).toContain('walked through three replicas');

    // 7. Introspection at B, by the resource server.
    const rsClient = { client_id: rs.client_id };
    const rsAuth = oauth.ClientSecretBasic(rs.client_secret);
    const introspect = async (p: Proxy) =>
      oauth.processIntrospectionResponse(as, rsClient, await oauth.introspectionRequest(as, rsClient, rsAuth, token, at(p)));
    expect(await introspect(B)).toMatchObject({ active: true, client_id: client.client_id, aud: RESOURCE, scope: 'mcp:echo', iss: PUBLIC });

    // 8. Revocation at C, by the client itself.
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), token, at(C)));

    // 9. Refused at A and B: introspection inactive, the gateway call 401 (within the 1 s the issue allows).
    for (const p of [A, B]) expect((await introspect(p)).active).toBe(false);
    const refused = async () => (await Promise.all([A, B].map((p) => echo(p.url, token, 'after revocation')))).map((r) => r.status);
    await expect.poll(refused, { interval: 20, timeout: 1000 }).toEqual([401, 401]);
    const after = await echo(A.url, token, 'after revocation');
    expect(after.challenge).toMatch(/^Bearer error="invalid_token"/);
  }, 120_000);
});
