// client_credentials token requests and introspection against a started `gatehouse serve`,
// 50 connections with autocannon on loopback (DESIGN.md "Benchmarks").
import { execFileSync, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { masterKey, tmpDir } from '../helpers/core';
import { figure, type Bench } from './figures';

const DURATION_S = 5;

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
    const basic = `Basic ${Buffer.from(`${svc.client_id}:${svc.client_secret}`).toString('base64')}`;
    const headers = { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' };
    const tokenBody = new URLSearchParams({ grant_type: 'client_credentials', resource: `${issuer}/mcp/everything`, scope: 'mcp:everything' }).toString();
    const first = await fetch(`${issuer}/oauth/token`, { method: 'POST', headers, body: tokenBody });
    const token = ((await first.json()) as { access_token: string }).access_token;
    if (!token) throw new Error('no token from the token endpoint');

    const cc = await autocannon({ url: `${issuer}/oauth/token`, connections: 50, duration: DURATION_S, method: 'POST', headers, body: tokenBody });
    const intro = await autocannon({
      url: `${issuer}/oauth/introspect`, connections: 50, duration: DURATION_S, method: 'POST', headers,
      body: new URLSearchParams({ token }).toString(),
    });
    if (cc.non2xx || intro.non2xx) throw new Error(`non-2xx answers: token ${cc.non2xx}, introspection ${intro.non2xx}`);
    return {
      token_cc_per_s: figure(cc.requests.average, 'per_s', 2000, 'higher'),
      token_cc_p99_ms: figure(cc.latency.p99, 'ms', 100, 'lower'),
      introspection_per_s: figure(intro.requests.average, 'per_s', 3000, 'higher'),
    };
  } finally {
    child.kill('SIGTERM');
    t.cleanup();
  }
};
