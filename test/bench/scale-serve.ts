// A running `gatehouse serve` on a bench data dir, signed in as the admin page is, with
// the admin API called as the screens call it, and an MCP client on its gateway.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connect, startJsonLine } from './gateway';

const ROOT = process.cwd();

export interface Serve {
  proc: ChildProcess;
  issuer: string;
  gatewayBase: string;
  /** The admin session cookie (`name=value`): the one-time sign-in link is spent on it. */
  cookie: string;
  /** What serve wrote to stderr so far (its log). */
  stderr(): string;
  /** An admin API call with the signed-in session; resolves to its data and how long it took. */
  api<T>(method: string, input: unknown): Promise<{ data: T; ms: number }>;
  stop(): Promise<void>;
}

export async function startServe(dir: string, masterKey: string): Promise<Serve> {
  const { proc, ready, stderr } = await startJsonLine(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', '--json'], {
    ...process.env,
    GATEHOUSE_DATA_DIR: dir,
    GATEHOUSE_MASTER_KEY: masterKey,
  });
  const issuer = ready.issuer!;
  // Sign in as the browser does: the one-time link sets the session cookie.
  const login = await fetch(ready.admin_url!, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const api = async <T>(method: string, input: unknown) => {
    const start = process.hrtime.bigint();
    const res = await fetch(`${issuer}/admin/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: issuer },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { data?: T; error?: { message: string } };
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return { data: body.data as T, ms };
  };
  return {
    proc,
    issuer,
    gatewayBase: ready.gateway_base!,
    cookie,
    stderr,
    api,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Sequential tools/call through the gateway until `until()` says stop; every latency. */
export async function gatewayCalls(serve: Serve, secret: string, until: () => boolean): Promise<number[]> {
  const client: Client = await connect(`${serve.gatewayBase}echo-stdio`, secret);
  const out: number[] = [];
  try {
    for (let i = 0; i < 200; i++) await client.callTool({ name: 'echo', arguments: { message: 'warm' } });
    while (!until()) {
      const t = process.hrtime.bigint();
      await client.callTool({ name: 'echo', arguments: { message: 'x' } });
      out.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  } finally {
    await client.close();
  }
  return out;
}

/** Milliseconds from spawn to the ready line (serve stopped right after it). */
export async function readyMs(dir: string, masterKey: string): Promise<number> {
  const start = process.hrtime.bigint();
  const { proc } = await startJsonLine(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', '--json'], {
    ...process.env,
    GATEHOUSE_DATA_DIR: dir,
    GATEHOUSE_MASTER_KEY: masterKey,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  return ms;
}
