// client_credentials token requests and introspection against a started `gatehouse serve`,
// 50 connections with autocannon on loopback (DESIGN.md "Benchmarks").
import { execFileSync, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { masterKey, tmpDir } from '../helpers/core';
import { figure, type Bench } from './figures';

const DURATION_S = 5;
const CONNECTIONS = 50;

/** A client_credentials token request for `resource` (its scope is the resource's server). */
export function ccRequest(clientId: string, secret: string, resource: string): { headers: Record<string, string>; body: string } {
  const basic = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
  const server = resource.slice(resource.lastIndexOf('/') + 1);
  return {
    headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: `mcp:${server}` }).toString(),
  };
}

/** That request at `tokenUrl`, 50 connections for `seconds` (`extra`: headers a load balancer would add); every answer a 2xx. */
export async function tokenLoad(tokenUrl: string, req: ReturnType<typeof ccRequest>, seconds: number, extra: Record<string, string> = {}): ReturnType<typeof autocannon> {
  const r = await autocannon({ url: tokenUrl, connections: CONNECTIONS, duration: seconds, method: 'POST', headers: { ...req.headers, ...extra }, body: req.body });
  if (r.non2xx || r.errors) throw new Error(`token load on ${tokenUrl}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return r;
}

export const oauthThroughput: Bench = async () => {
  const t = tmpDir('gatehouse-bench-oauth-');
  const env = { ...process.env, GATEHOUSE_MASTER_KEY: masterKey(), GATEHOUSE_DATA_DIR: t.dir };
  const cli = (args: string[]) => JSON.parse(execFileSync(process.execPath, ['bin/gatehouse', ...args, '--json'], { env, encoding: 'utf8' })) as Record<string, string>;
  cli(['servers', 'add', 'everything', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  const svc = cli(['oauth', 'clients', 'create', '--name', 'bench', '--grant', 'client_credentials', '--scope', 'mcp:everything']);
  const child = spawn(process.execPath, ['bin/gatehouse', 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const issuer = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]!) as { issuer: string }).issuer);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const cc = ccRequest(svc.client_id!, svc.client_secret!, `${issuer}/mcp/everything`);
    const first = await fetch(`${issuer}/oauth/token`, { method: 'POST', headers: cc.headers, body: cc.body });
    const token = ((await first.json()) as { access_token: string }).access_token;
    if (!token) throw new Error('no token from the token endpoint');

    const tokens = await tokenLoad(`${issuer}/oauth/token`, cc, DURATION_S);
    const intro = await autocannon({
      url: `${issuer}/oauth/introspect`, connections: CONNECTIONS, duration: DURATION_S, method: 'POST', headers: cc.headers,
      body: new URLSearchParams({ token }).toString(),
    });
    if (intro.non2xx) throw new Error(`non-2xx answers: introspection ${intro.non2xx}`);
    return {
      token_cc_per_s: figure(tokens.requests.average, 'per_s', 2000, 'higher'),
      token_cc_p99_ms: figure(tokens.latency.p99, 'ms', 100, 'lower'),
      introspection_per_s: figure(intro.requests.average, 'per_s', 3000, 'higher'),
    };
  } finally {
    child.kill('SIGTERM');
    t.cleanup();
  }
};
