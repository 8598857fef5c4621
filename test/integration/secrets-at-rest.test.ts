// No secret at rest and none in a log line (issue 11, "Must show"). A realistic session
// through the real CLI, `gatehouse serve`, the guard and Chromium: keys created and
// rotated, a client config patched (its env secret moves into the vault), dynamic
// registration, a code flow with refresh, machine access, guard and gateway calls, and
// refused attempts. Then no secret of that session, in raw, base64, base64url or hex
// form, is in any file of the data dir (the SQLite file, its WAL, the backups), nor in
// any line serve, the guard or the CLI wrote. The only places a secret is printed are
// the ones made for it: the key or client secret a create/rotate command prints once,
// and the one-time sign-in link in serve's ready line (spent at once here).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { initialize } from './gateway-initialize';
import { FIXTURES, GATEHOUSE, RawGuard } from './guard-harness';
import { authorizeUrl, insecure, launchBrowser, pkce, redirectReceiver } from './oauth-harness';

const ECHO = join(FIXTURES, 'echo.mjs');

/** Every form a secret could be written in: raw, base64, base64url, hex; and the bytes a base64url secret encodes. */
function formsOf(secret: string): Buffer[] {
  const raw = Buffer.from(secret, 'utf8');
  const out = [raw, ...['base64', 'base64url', 'hex'].map((e) => Buffer.from(raw.toString(e as BufferEncoding)))];
  for (const part of secret.split(/[_.]/)) {
    if (!/^[A-Za-z0-9_-]{22,}$/.test(part)) continue;
    const bytes = Buffer.from(part, 'base64url');
    out.push(bytes, Buffer.from(bytes.toString('hex')), Buffer.from(bytes.toString('base64')));
  }
  return out;
}

function dataDirFiles(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: join(e.parentPath, e.name).slice(dir.length + 1), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

describe('a realistic session leaves no secret at rest or in a log line', () => {
  const t = tmpDir('gatehouse-at-rest-');
  const dataDir = join(t.dir, 'data');
  const masterKey = randomBytes(32);
  const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: masterKey.toString('base64') };
  /** Secrets of the session, by what they are. */
  const secrets = new Map<string, string>();
  const keep = (what: string, value: string | undefined | null) => {
    if (!value) throw new Error(`no ${what}`);
    secrets.set(`${what} #${secrets.size}`, value);
    return value;
  };
  /** Every line a process wrote (stdout and stderr), except the outputs made to show a secret once. */
  const logs: string[] = [];
  let serve: ChildProcess | undefined;
  let browser: Browser | undefined;
  let rx: Awaited<ReturnType<typeof redirectReceiver>> | undefined;

  afterAll(async () => {
    await browser?.close();
    await rx?.close();
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    t.cleanup();
  });

  /** The CLI; `showsSecret`: its stdout is the one place a new secret is printed (not a log). */
  const cli = (args: string[], showsSecret = false) =>
    new Promise<string>((res, rej) =>
      execFile(process.execPath, [GATEHOUSE, ...args, '--json'], { env, encoding: 'utf8' }, (e, stdout, stderr) => {
        logs.push(stderr);
        if (!showsSecret) logs.push(stdout);
        if (e) rej(new Error(`gatehouse ${args.join(' ')}: ${stderr}`));
        else res(stdout);
      }),
    );

  const guardSession = async (server: string, apiKey: string, calls: (g: RawGuard) => Promise<void>) => {
    const g = new RawGuard({ env: (k) => ({ PATH: process.env.PATH ?? '', GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: env.GATEHOUSE_MASTER_KEY, ...(k ? { GATEHOUSE_API_KEY: k } : {}) }) }, server, [], apiKey);
    const out: string[] = [];
    g.proc.stdout.on('data', (d: string) => out.push(d));
    g.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'at-rest', version: '1' } });
    await g.answer(1, 30_000);
    await calls(g);
    g.proc.stdin.end();
    await g.exited;
    logs.push(g.stderr, out.join(''));
  };

  it('keys, a patched client, DCR, a code flow with refresh, machine access, guard and gateway calls, refusals: no secret anywhere', async () => {
    // Keys created and rotated; servers, one with an env secret given on the command line.
    await cli(['servers', 'add', 'everything', '--command', process.execPath, '--arg', ECHO]);
    await cli(['servers', 'add', 'tokened', '--command', process.execPath, '--arg', ECHO, '--env', `SERVICE_TOKEN=${keep('server env secret', `svc_${randomBytes(24).toString('hex')}`)}`]);
    await cli(['servers', 'expose', 'everything', '--api-keys']);
    const created = JSON.parse(await cli(['keys', 'create', '--name', 'laptop', '--allow', '*:*'], true)) as { id: string; key: string };
    keep('API key', created.key);
    const rotated = JSON.parse(await cli(['keys', 'rotate', created.id, '--grace', '1h'], true)) as { key: string };
    keep('rotated API key', rotated.key);

    // A client config patched: its env secret moves into the vault (a sealed backup is taken).
    const config = join(t.dir, 'Claude', 'claude_desktop_config.json');
    mkdirSync(join(t.dir, 'Claude'), { recursive: true });
    const githubToken = keep('client config env secret', `ghp_${randomBytes(18).toString('hex')}`);
    writeFileSync(config, JSON.stringify({ mcpServers: { github: { command: process.execPath, args: [ECHO], env: { GITHUB_PERSONAL_ACCESS_TOKEN: githubToken } } } }, null, 2));
    await cli(['clients', 'patch', 'claude-desktop', '--server', 'github', '--key', created.id, '--config', config]);
    expect(readFileSync(config, 'utf8')).not.toContain(githubToken);

    // serve, with every line it writes kept.
    serve = spawn(process.execPath, [GATEHOUSE, 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let serveOut = '';
    let serveErr = '';
    serve.stderr!.on('data', (d: Buffer) => (serveErr += d.toString()));
    const ready = await new Promise<{ issuer: string; admin_url: string; gateway_base: string }>((res, rej) => {
      serve!.stdout!.on('data', (d: Buffer) => {
        serveOut += d.toString();
        if (serveOut.includes('\n')) res(JSON.parse(serveOut.split('\n')[0]!) as { issuer: string; admin_url: string; gateway_base: string });
      });
      serve!.on('exit', (code) => rej(new Error(`serve exited ${code}: ${serveErr}`)));
    });
    keep('one-time admin sign-in token', new URL(ready.admin_url).searchParams.get('token'));
    const issuer = new URL(ready.issuer);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    const resource = `${ready.gateway_base}everything`;

    // Dynamic registration: a public app and a confidential one that asks for machine access.
    rx = await redirectReceiver();
    const publicApp = await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(as, {
      client_name: 'public app', redirect_uris: [rx.uri], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none',
    }, insecure));
    keep('registration access token', publicApp.registration_access_token as string);
    const machineApp = await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(as, {
      client_name: 'machine app', redirect_uris: [rx.uri], grant_types: ['authorization_code', 'refresh_token', 'client_credentials'], token_endpoint_auth_method: 'client_secret_basic',
    }, insecure));
    keep('registration access token', machineApp.registration_access_token as string);
    keep('DCR client secret', machineApp.client_secret as string);

    // The admin signs in (Chromium) and allows a code flow; the tokens are refreshed.
    browser = await launchBrowser();
    const ctx: BrowserContext = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(ready.admin_url);
    const p = await pkce();
    keep('PKCE verifier', p.verifier);
    const cbPromise = rx.next();
    await page.goto(authorizeUrl({ as } as Parameters<typeof authorizeUrl>[0], {
      client_id: publicApp.client_id, redirect_uri: rx.uri, response_type: 'code', scope: 'mcp:everything',
      resource, code_challenge: p.challenge, code_challenge_method: 'S256',
    }));
    await page.getByRole('button', { name: 'Allow' }).click();
    const cb = await cbPromise;
    keep('authorization code', cb.searchParams.get('code'));
    const params = oauth.validateAuthResponse(as, publicApp, cb, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(as, publicApp, await oauth.authorizationCodeGrantRequest(as, publicApp, oauth.None(), params, rx.uri, p.verifier, insecure));
    keep('access token', tokens.access_token);
    keep('refresh token', tokens.refresh_token);
    const refreshed = await oauth.processRefreshTokenResponse(as, publicApp, await oauth.refreshTokenGrantRequest(as, publicApp, oauth.None(), tokens.refresh_token!, insecure));
    keep('access token', refreshed.access_token);
    keep('refresh token', refreshed.refresh_token);
    // Every cookie but the interaction's id: that is the sign-in request's uid, shown in the
    // consent page's address and by `gatehouse oauth consents list`; what makes the cookie
    // work is its signature (`.sig`, keyed by the sealed cookie key), which is checked here.
    for (const c of await ctx.cookies()) if (!/^_interaction(_resume)?$/.test(c.name)) keep(`browser cookie ${c.name}`, c.value);

    // Machine access, turned on by the admin (the CLI, a process of its own), with rules set on the admin page's API.
    const rules = await page.request.post(`${ready.issuer}/admin/api/oauth.clients.update`, {
      headers: { origin: ready.issuer },
      data: { clientId: machineApp.client_id, rules: [{ effect: 'allow', pattern: 'everything:*' }] },
    });
    expect(rules.status()).toBe(200);
    const svc = JSON.parse(await cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything'], true)) as { client_id: string; client_secret: string };
    keep('client secret', svc.client_secret);
    await cli(['oauth', 'clients', 'update', machineApp.client_id, '--machine-access', 'on']);
    const machineToken = await oauth.processClientCredentialsResponse(as, machineApp, await oauth.clientCredentialsGrantRequest(as, machineApp, oauth.ClientSecretBasic(machineApp.client_secret as string), { resource }, insecure));
    keep('machine access token', machineToken.access_token);

    // Gateway calls with each kind of credential, and refusals.
    for (const token of [refreshed.access_token, machineToken.access_token, rotated.key]) expect((await initialize(resource, token)).status).toBe(200);
    expect((await initialize(resource, `${rotated.key.slice(0, -3)}xyz`)).status).toBe(401);
    expect((await initialize(resource, tokens.access_token.replace(/.{4}$/, 'AAAA'))).status).toBe(401);
    const wrongSecret = await oauth.clientCredentialsGrantRequest(as, machineApp, oauth.ClientSecretBasic(`${machineApp.client_secret as string}x`), { resource }, insecure);
    expect(wrongSecret.status).toBe(401);
    const reused = await oauth.refreshTokenGrantRequest(as, publicApp, oauth.None(), tokens.refresh_token!, insecure); // reuse: the family dies
    expect(reused.status).toBe(400);

    // Guard sessions: allowed calls, the env secret injected, a refused key.
    await guardSession('github', rotated.key, async (g) => {
      g.request(2, 'tools/call', { name: 'env', arguments: { name: 'GITHUB_PERSONAL_ACCESS_TOKEN' } });
      expect(JSON.stringify((await g.answer(2, 30_000)).result)).toContain('true');
    });
    await guardSession('tokened', created.key, async (g) => {
      g.request(2, 'tools/call', { name: 'echo', arguments: { message: 'hello' } });
      await g.answer(2, 30_000);
    });
    await guardSession('everything', `${rotated.key.slice(0, -4)}AAAA`, async (g) => {
      g.request(2, 'tools/list');
      expect((await g.answer(2, 30_000)).error).toBeTruthy();
    });
    // The CLI's own refusals and reads.
    await cli(['keys', 'list']);
    await cli(['oauth', 'clients', 'list']);
    await cli(['oauth', 'grants', 'list']);
    await cli(['audit', '--limit', '500']);
    await cli(['clients', 'backups']);
    await cli(['doctor']).catch(() => undefined); // it may warn; its lines are scanned all the same

    const check = (when: string) => {
      const files = dataDirFiles(dataDir);
      expect(files.some((f) => f.name === 'gatehouse.db')).toBe(true);
      expect(files.some((f) => f.name.startsWith('backups/'))).toBe(true);
      const found: string[] = [];
      const all = [...secrets, ['master key (raw bytes)', masterKey.toString('base64')] as const];
      for (const [what, secret] of all) {
        const forms = what.startsWith('master key') ? [masterKey, Buffer.from(masterKey.toString('hex')), Buffer.from(masterKey.toString('base64url'))] : formsOf(secret);
        for (const f of files) if (forms.some((form) => f.bytes.includes(form))) found.push(`${what} in ${f.name} (${when})`);
      }
      expect(found).toEqual([]);
    };
    check('while serve runs');

    serve.kill('SIGTERM');
    await new Promise((r) => serve!.once('exit', r));
    check('after serve stopped');

    // Every line written: serve's (its ready line without the spent sign-in link), the guards', the CLI's.
    logs.push(serveErr, serveOut.replace(ready.admin_url, ''));
    const text = Buffer.from(logs.join('\n'));
    const inLogs = [...secrets].filter(([, s]) => formsOf(s).some((f) => text.includes(f))).map(([what]) => what);
    expect(inLogs).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(20);
  }, 240_000);
});
