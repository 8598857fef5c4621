// `gatehouse serve` as a real child process on a data dir, for the gateway tests: started
// on a free port, its ready line read, stopped (and waited for) at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { GATEHOUSE, type TestHome } from './guard-harness';

export interface Serving {
  proc: ChildProcess;
  base: string;
  gatewayBase: string;
  /** The one-time sign-in link serve printed (a browser spends it to sign in as the admin). */
  adminUrl: string;
  /** Calls an admin API method as the signed-in admin page does (signs in on first use). */
  admin<T = unknown>(method: string, input?: unknown): Promise<{ data?: T; error?: { code: string; message: string } }>;
  stop(): Promise<void>;
}

export async function startServe(home: TestHome): Promise<Serving> {
  const proc = spawn(process.execPath, [GATEHOUSE, 'serve', '--port', '0', '--json'], { env: home.env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await new Promise<{ issuer: string; gateway_base: string; admin_url: string }>((resolve, reject) => {
    proc.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString().split('\n')[0]!)));
    proc.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  let cookie: Promise<string> | null = null;
  const signIn = async () => {
    const r = await fetch(ready.admin_url, { redirect: 'manual' });
    return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  return {
    proc,
    base: ready.issuer,
    gatewayBase: ready.gateway_base,
    adminUrl: ready.admin_url,
    async admin(method, input = {}) {
      cookie ??= signIn();
      const r = await fetch(`${ready.issuer}/admin/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: await cookie, Origin: ready.issuer },
        body: JSON.stringify(input),
      });
      return (await r.json()) as { data?: never; error?: { code: string; message: string } };
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Headers of a raw streamable-HTTP POST with a bearer token (and a session, once there is one). */
export function mcpHeaders(token: string, sessionId?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    'mcp-protocol-version': '2025-11-25',
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
  };
}
