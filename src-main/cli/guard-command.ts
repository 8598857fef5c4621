// `gatehouse guard --server NAME`: argument parsing by hand, so the guard loads neither
// commander nor zod (each costs start-up time and memory in every guard process;
// test/unit/guard-heap.test.ts checks that nothing the guard loads imports zod).
import { setFlagsFromString } from 'node:v8';
import { defaultDataDir } from '../core/paths';
import { CliFailure, fail } from './errors';

const USAGE = `Usage: gatehouse guard --server NAME [--data-dir DIR] [--database-url URL] [--max-message-bytes N] [--request-timeout SECONDS]

Relays an MCP server over stdio, enforcing the API key in GATEHOUSE_API_KEY:
what protected client configs run instead of the server itself.
--database-url (or GATEHOUSE_DATABASE_URL): team mode's PostgreSQL store, as for every command.`;

export interface GuardArgs {
  server: string;
  dataDir: string;
  /** Team mode's PostgreSQL (--database-url, GATEHOUSE_DATABASE_URL), as every command that opens the store takes it. */
  databaseUrl?: string;
  maxMessageBytes?: number;
  requestTimeoutMs?: number;
}

export function parseGuardArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): GuardArgs | 'help' {
  const out: Partial<GuardArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CliFailure(`${flag} needs a value\n${USAGE}`, 2, 'INVALID_INPUT');
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new CliFailure(`${flag} must be a positive number, not "${v}"`, 2, 'INVALID_INPUT');
      return n;
    };
    if (flag === '--server') out.server = value();
    else if (flag === '--data-dir') out.dataDir = value();
    else if (flag === '--database-url') out.databaseUrl = value();
    else if (flag === '--max-message-bytes') out.maxMessageBytes = Math.floor(positive(value()));
    else if (flag === '--request-timeout') out.requestTimeoutMs = positive(value()) * 1000;
    else throw new CliFailure(`unknown option ${arg}\n${USAGE}`, 2, 'INVALID_INPUT');
  }
  if (!out.server) throw new CliFailure(`--server NAME is required\n${USAGE}`, 2, 'INVALID_INPUT');
  const databaseUrl = out.databaseUrl ?? (env.GATEHOUSE_DATABASE_URL || undefined);
  return { ...out, server: out.server, dataDir: out.dataDir ?? env.GATEHOUSE_DATA_DIR ?? defaultDataDir(env), ...(databaseUrl ? { databaseUrl } : {}) };
}

export async function main(argv: string[]): Promise<void> {
  try {
    const parsed = parseGuardArgs(argv);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    keepHeapSmall();
    const { runGuard } = await import('../guard');
    await runGuard(parsed);
  } catch (e) {
    fail(e, false);
  }
}

/**
 * Under sustained traffic V8 doubled the young generation again and again (2 → 32 MB) as
 * each message's short-lived objects crossed a scavenge: most of the guard's growth from
 * 64 to 120 MB over 200,000 calls (issue 14). A guard's live young objects are a few
 * messages in flight and queued audit rows, so it keeps the young generation at its
 * starting size; a scavenge of it takes well under a millisecond.
 *
 * What still crossed a scavenge (messages in flight, queued audit rows) then piled up in
 * the old generation, which V8 lets grow to about three times its live size before it
 * collects it: 12 MB live held 35 MB of old space from about 100,000 calls on. Growing it
 * by 20% instead keeps it at about 17 MB (RSS 98 → 81 MB after 200,000 calls), with no
 * loss of calls per second or added latency in the same run (npm run bench; see
 * test/bench/guard-memory.ts for the breakdown). Both flags are read each time V8 sizes a
 * space, so setting them now, at start, takes effect.
 *
 * The guard's code runs in V8's interpreter and its baseline compiler (Sparkplug), never in
 * its optimizing compiler (TurboFan). The first function TurboFan optimized brought about
 * 6 MB of the node binary's compiler code into the guard's RSS (file-backed pages: 50.2 MB
 * against 44.2 MB with this flag) and its compilations about 3 MB of anonymous memory
 * (21.3 against 18.4 MB after 200,000 calls): guard_rss_mb 71.5 → 62.6 MB in the same run.
 * A relay's work is mostly native (pipe writes, JSON.parse, SQLite commits), so the added
 * latency moves little (p50 0.15 → 0.18 ms, mean of seven same-run comparisons; p99 within
 * its noise); what it costs is calls per second at saturation (about 5,000 → 3,500 with 8
 * in flight on 2 shared cores), far above what a client app sends one server. TurboFan
 * reads the flag each time it would optimize.
 */
export const GUARD_V8_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=20', '--no-turbofan'];

function keepHeapSmall(): void {
  for (const flag of GUARD_V8_FLAGS) setFlagsFromString(flag);
}
