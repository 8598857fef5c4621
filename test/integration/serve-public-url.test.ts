// `serve --public-url https://gh.example.test` behind a load balancer that ends TLS (a
// small proxy here): every URL a client sees is the public one, whatever address the
// replica listens on; cookies are Secure; X-Forwarded-* count only with --trust-proxy;
// the Host check lets the public host in and keeps refusing others.
import { randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { initialize } from './gateway-initialize';
import { poll } from './guard-harness';
import { forwardingProxy, gatehouse, lbHeaders, PUBLIC, PUBLIC_HOST, raw, startServe, viaProxy, type Proxy, type ServeProc } from './team-harness';

const RESOURCE = `${PUBLIC}/mcp/everything`;
const METADATA = `${PUBLIC}/.well-known/oauth-protected-resource/mcp/everything`;

async function dataDir(): Promise<{ env: NodeJS.ProcessEnv; cleanup(): void; svc: { client_id: string; client_secret: string } }> {
  const t = tmpDir('gatehouse-public-');
  const env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
  const run = async (args: string[]) => {
    const r = await gatehouse([...args, '--json'], env);
    if (r.code !== 0) throw new Error(`gatehouse ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown;
  };
  await run(['servers', 'add', 'everything', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  await run(['servers', 'expose', 'everything']);
  const svc = (await run(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything'])) as { client_id: string; client_secret: string };
  return { env, cleanup: t.cleanup, svc };
}

const cookiesOf = (h: { 'set-cookie'?: string[] }) => h['set-cookie'] ?? [];

describe('serve --public-url https://… --trust-proxy, behind a TLS-ending load balancer', () => {
  let home: Awaited<ReturnType<typeof dataDir>>;
  let serve: ServeProc;
  let lb: Proxy;
  let lbFetch: typeof fetch;

  beforeAll(async () => {
    home = await dataDir();
    serve = await startServe(['--public-url', PUBLIC, '--trust-proxy', '--log-format', 'text', '--json'], { env: home.env });
    lb = await forwardingProxy(serve.listen, lbHeaders());
    lbFetch = viaProxy(lb);
  });
  afterAll(async () => {
    await serve?.stop();
    await lb?.close();
    home?.cleanup();
  });

  it('announces the public URL as the issuer and gateway base, and says where it listens', () => {
    expect(serve.ready.issuer).toBe(PUBLIC);
    expect(serve.ready.gateway_base).toBe(`${PUBLIC}/mcp/`);
    expect(serve.ready.admin_url).toMatch(new RegExp(`^${PUBLIC}/admin/login\\?token=`));
    expect(serve.listen).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves discovery documents (RFC 8414 and RFC 9728) built on the public URL', async () => {
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const md = (await (await lbFetch(`${PUBLIC}${path}`)).json()) as Record<string, string>;
      expect(md.issuer).toBe(PUBLIC);
      for (const k of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'jwks_uri', 'introspection_endpoint', 'revocation_endpoint']) {
        expect(md[k], k).toMatch(new RegExp(`^${PUBLIC}/oauth/`));
      }
    }
    const rs = await (await lbFetch(METADATA)).json();
    expect(rs).toMatchObject({ resource: RESOURCE, authorization_servers: [PUBLIC], scopes_supported: ['mcp:everything'] });
  });

  it("challenges a call without a token with the public resource metadata URL", async () => {
    const r = await initialize(`${lb.url}/mcp/everything`, null);
    expect(r.status).toBe(401);
    expect(r.challenge).toContain(`resource_metadata="${METADATA}"`);
  });

  it('issues a token a strict OAuth client accepts (issuer, audience = the public resource) and the gateway takes it', async () => {
    const opts = { [oauth.customFetch]: lbFetch };
    const as = await oauth.processDiscoveryResponse(new URL(PUBLIC), await oauth.discoveryRequest(new URL(PUBLIC), { algorithm: 'oauth2', ...opts }));
    const client = { client_id: home.svc.client_id };
    const res = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(home.svc.client_secret), { resource: RESOURCE, scope: 'mcp:everything' }, opts);
    const token = (await oauth.processClientCredentialsResponse(as, client, res)).access_token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iss: string; aud: string };
    expect(claims).toMatchObject({ iss: PUBLIC, aud: RESOURCE });
    expect((await initialize(`${lb.url}/mcp/everything`, token)).status).toBe(200);
  });

  it('signs the admin in with a Secure, HttpOnly, SameSite=Strict cookie, and takes admin calls from the public origin only', async () => {
    const login = await raw(serve.ready.admin_url!.replace(PUBLIC, lb.url));
    expect(login.status).toBe(303);
    const [cookie] = cookiesOf(login.headers);
    expect(cookie).toMatch(/^gh_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/admin; Secure$/);
    const session = cookie!.split(';')[0]!;
    const call = (origin: string) =>
      raw(`${lb.url}/admin/api/system.status`, { method: 'POST', headers: { cookie: session, origin, 'content-type': 'application/json' }, body: '{}' });
    const ok = await call(PUBLIC);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ data: { issuer: PUBLIC, gatewayBase: `${PUBLIC}/mcp/` } });
    expect((await call(serve.listen)).status).toBe(403);
    expect((await call('https://evil.example')).status).toBe(403);
  });

  it("marks the authorization server's own cookies Secure too", async () => {
    const reg = await lbFetch(`${PUBLIC}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:9/cb'], token_endpoint_auth_method: 'none', client_name: 'cookie check' }),
    });
    const { client_id } = (await reg.json()) as { client_id: string };
    const q = new URLSearchParams({ client_id, response_type: 'code', redirect_uri: 'http://127.0.0.1:9/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', resource: RESOURCE, scope: 'mcp:everything' });
    const auth = await raw(`${lb.url}/oauth/authorize?${q}`);
    expect(auth.status).toBe(303);
    expect(auth.headers.location).toMatch(/^\/admin\/consent\//);
    const cookies = cookiesOf(auth.headers);
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c.toLowerCase()).toContain('; secure');
  });

  describe('Host checks', () => {
    const wellKnown = '/.well-known/oauth-authorization-server';

    it('refuses a host the load balancer forwards that is not the public one, also hidden behind a public one', async () => {
      const evil = await raw(`${lb.url}${wellKnown}`, { headers: { 'x-forwarded-host': 'evil.example' } });
      expect(evil.status).toBe(200); // the proxy replaced it with its own: control
      for (const host of ['evil.example', `${PUBLIC_HOST}, evil.example`, `${PUBLIC_HOST}:8443`]) {
        const r = await raw(`${serve.listen}${wellKnown}`, { headers: { host: '127.0.0.1', 'x-forwarded-host': host, 'x-forwarded-proto': 'https' } });
        expect(r.status, host).toBe(421);
      }
      // The nearest proxy's value is the last one: what a client put before it does not count.
      const appended = await raw(`${serve.listen}${wellKnown}`, { headers: { host: 'evil.example', 'x-forwarded-host': `evil.example, ${PUBLIC_HOST}`, 'x-forwarded-proto': 'https' } });
      expect(appended.status).toBe(200);
    });

    it('answers the public host in the Host header itself, the loopback names, and no other', async () => {
      const at = (host: string) => raw(`${serve.listen}${wellKnown}`, { headers: { host } });
      const port = new URL(serve.listen).port;
      for (const host of [PUBLIC_HOST, `${PUBLIC_HOST}:443`, `127.0.0.1:${port}`, `localhost:${port}`]) {
        const r = await at(host);
        expect(r.status, host).toBe(200);
        expect(JSON.parse(r.text).issuer).toBe(PUBLIC);
      }
      for (const host of ['evil.example', `${PUBLIC_HOST}:80`, `127.0.0.1:${Number(port) + 1}`, `${PUBLIC_HOST}.evil.example`]) {
        expect((await at(host)).status, host).toBe(421);
      }
    });

    it('sends a request that reached the load balancer over plain http to https (GET), and refuses a POST', async () => {
      const get = await raw(`${serve.listen}/admin/?x=1`, { headers: { host: '127.0.0.1', 'x-forwarded-host': PUBLIC_HOST, 'x-forwarded-proto': 'http' } });
      expect(get.status).toBe(308);
      expect(get.headers.location).toBe(`${PUBLIC}/admin/?x=1`);
      const post = await raw(`${serve.listen}/oauth/token`, { method: 'POST', headers: { host: PUBLIC_HOST, 'x-forwarded-proto': 'http' }, body: '' });
      expect(post.status).toBe(403);
      expect(JSON.parse(post.text).error.code).toBe('HTTPS_REQUIRED');
    });
  });
});

describe('serve --public-url without --trust-proxy', () => {
  let home: Awaited<ReturnType<typeof dataDir>>;
  let serve: ServeProc;

  beforeAll(async () => {
    home = await dataDir();
    serve = await startServe(['--public-url', PUBLIC], { env: home.env });
  });
  afterAll(async () => {
    await serve?.stop();
    home?.cleanup();
  });

  it('ignores X-Forwarded-Host: a forwarded public host does not let a foreign Host in, a forwarded foreign host does not keep a good Host out', async () => {
    const path = `${serve.listen}/.well-known/oauth-protected-resource/mcp/everything`;
    const foreign = await raw(path, { headers: { host: 'evil.example', 'x-forwarded-host': PUBLIC_HOST, 'x-forwarded-proto': 'https' } });
    expect(foreign.status).toBe(421);
    const good = await raw(path, { headers: { host: PUBLIC_HOST, 'x-forwarded-host': 'evil.example' } });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.text).resource).toBe(RESOURCE);
  });

  it('ignores X-Forwarded-Proto (no redirect) and X-Forwarded-For (the log names the socket address)', async () => {
    const r = await raw(`${serve.listen}/admin/`, { headers: { host: PUBLIC_HOST, 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.9' } });
    expect(r.status).toBe(401);
    const line = await poll(() => serve.records().find((l) => l.event === 'request' && l.path === '/admin/'), 5000, 'the request line');
    expect(line).toMatchObject({ client: '127.0.0.1', status: 401 });
  });
});
