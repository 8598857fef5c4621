import { spawn, type ChildProcess } from 'node:child_process';
import type { StdioLaunch } from '../servers/registry';
import { StderrTail } from '../servers/stderr-tail';

/** Variables of the guard's own that the real server must never see. */
const PRIVATE_ENV = /^GATEHOUSE_(API_KEY|MASTER_KEY)$/;

export interface ChildServer {
  process: ChildProcess;
  tail: StderrTail;
}

/**
 * Starts the real MCP server with the environment it would have had without Gatehouse
 * (the client's), plus its secrets from the vault, minus Gatehouse's own secrets.
 * Its stderr passes through to the guard's stderr (clients log it) and is kept for errors.
 */
export function startChild(launch: StdioLaunch, opts: { passStderr?: boolean } = {}): ChildServer {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!PRIVATE_ENV.test(k)) env[k] = v;
  Object.assign(env, launch.env);
  const child = spawn(launch.command, launch.args, {
    env,
    cwd: launch.cwd ?? undefined,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Windows: .cmd shims (npx) need a shell; elsewhere never.
    shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(launch.command),
    windowsHide: true,
  });
  const tail = new StderrTail();
  tail.attach(child.stderr, opts.passStderr === false ? undefined : process.stderr);
  return { process: child, tail };
}
