// Starts one of test/fixtures/servers/*.mjs as a child process and waits for the
// {"url": …} line it prints once it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SERVERS = fileURLToPath(new URL('../fixtures/servers/', import.meta.url));

export interface FixtureServer {
  url: string;
  proc: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startFixtureServer(file: string, env: Record<string, string> = {}): Promise<FixtureServer> {
  const proc = spawn(process.execPath, [`${SERVERS}${file}`], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString().split('\n')[0]!) as { url: string }).url));
    proc.once('exit', (code) => reject(new Error(`${file} exited ${code}: ${err}`)));
  });
  return {
    url,
    proc,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** What a fixture tells about itself on another path of its origin (GET /seen, GET /stats). */
export async function fixtureInfo<T>(url: string, path: string): Promise<T> {
  const res = await fetch(new URL(path, url));
  return (await res.json()) as T;
}
