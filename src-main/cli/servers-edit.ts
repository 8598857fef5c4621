// `gatehouse servers edit NAME …`: changes any field of a server but its name (rules,
// the guard's --server and the gateway URL use the name). What is not given stays;
// env and header values are write-only: those not set keep their stored value (sent as
// '' with keepSecrets), --unset-env / --unset-header remove one.
import type { Input, ServerSummary } from '../../src-preload/contract';
import { call, CliFailure, printJson, withCore, type CommonOptions } from './context';

export interface EditOptions extends CommonOptions {
  command?: string;
  arg?: string[];
  /** false with --no-args. */
  args?: boolean;
  /** a string, or false with --no-cwd. */
  cwd?: string | false;
  env?: [string, string][];
  unsetEnv?: string[];
  url?: string;
  header?: [string, string][];
  unsetHeader?: string[];
  oauth?: boolean;
}

/** Stored names kept (value '' = keep the stored one), the set ones set, the unset ones gone. */
function secrets(stored: string[], set: [string, string][] = [], unset: string[] = [], what: string): Record<string, string> {
  const missing = unset.filter((n) => !stored.includes(n));
  if (missing.length) throw new CliFailure(`the server has no ${what} named ${missing.join(', ')} (it has: ${stored.join(', ') || 'none'})`, 2, 'INVALID_INPUT');
  const out: Record<string, string> = {};
  for (const n of stored) if (!unset.includes(n)) out[n] = '';
  for (const [k, v] of set) out[k] = v;
  return out;
}

function transportOf(s: ServerSummary, opts: EditOptions): 'stdio' | 'http' {
  if (opts.command && opts.url) throw new CliFailure('give --command (a local server) or --url (a remote one), not both', 2, 'INVALID_INPUT');
  if (opts.command) return 'stdio';
  return opts.url ? 'http' : s.transport;
}

export function editedDefinition(s: ServerSummary, opts: EditOptions): Input<'servers.update'>['server'] {
  const transport = transportOf(s, opts);
  const same = transport === s.transport;
  if (transport === 'stdio') {
    const command = opts.command ?? s.command;
    if (!command) throw new CliFailure(`${s.name} is a remote server: give --command to make it a local one`, 2, 'INVALID_INPUT');
    const args = opts.args === false ? [] : (opts.arg ?? (same ? s.args : []));
    const cwd = opts.cwd === false ? null : (opts.cwd ?? (same ? s.cwd : null));
    return { transport, name: s.name, command, args, cwd, env: secrets(same ? s.envNames : [], opts.env, opts.unsetEnv, 'env variable') };
  }
  const auth = opts.oauth === undefined ? undefined : opts.oauth ? ('oauth' as const) : ('headers' as const);
  return {
    transport,
    name: s.name,
    url: opts.url ?? s.url!,
    headers: secrets(same ? s.headerNames : [], opts.header, opts.unsetHeader, 'header'),
    ...(auth ? { auth } : {}),
  };
}

/** One line per changed field: values of command, args, cwd and URL; names only for env and headers. */
function changes(a: ServerSummary, b: ServerSummary, opts: EditOptions): string[] {
  const out: string[] = [];
  const show = (label: string, x: unknown, y: unknown) => JSON.stringify(x) !== JSON.stringify(y) && out.push(`${label}: ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
  show('transport', a.transport, b.transport);
  show('command', a.command, b.command);
  show('args', a.args, b.args);
  show('cwd', a.cwd, b.cwd);
  show('url', a.url, b.url);
  show('env names', a.envNames, b.envNames);
  show('header names', a.headerNames, b.headerNames);
  show('upstream auth', a.authMode, b.authMode);
  const newValues = [...(opts.env ?? []), ...(opts.header ?? [])].map(([k]) => k).filter((k) => a.envNames.includes(k) || a.headerNames.includes(k));
  if (newValues.length) out.push(`new value for ${newValues.join(', ')} (stored in the vault)`);
  return out;
}

export async function editServer(name: string, opts: EditOptions): Promise<void> {
  const { before, after } = await withCore(opts, async (_c, api) => {
    const before = await call(api, 'servers.get', { name });
    const server = editedDefinition(before, opts);
    const after = await call(api, 'servers.update', { name: before.name, server, keepSecrets: true });
    return { before, after };
  });
  if (opts.json) return printJson(after);
  const lines = changes(before, after, opts);
  if (!lines.length) return void process.stdout.write(`${after.name} is as requested; nothing changed.\n`);
  process.stdout.write(`Updated ${after.name}:\n${lines.map((l) => `  ${l}\n`).join('')}Protected client configs start it this way from their next start.\n`);
}
