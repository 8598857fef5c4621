import type { ServerDetail, ServerSummary, UpstreamAuthStatus } from '../../src-preload/contract';
import { call, CliFailure, printJson, printList, table, withCore, type CommonOptions } from './context';

export interface AddOptions extends CommonOptions {
  command?: string;
  arg?: string[];
  env?: [string, string][];
  header?: [string, string][];
  url?: string;
  cwd?: string;
  oauth?: boolean;
}

export async function addServer(name: string, opts: AddOptions): Promise<void> {
  if (Boolean(opts.command) === Boolean(opts.url)) {
    throw new CliFailure('give either --command CMD (a local stdio server) or --url URL (a remote server)', 2, 'INVALID_INPUT');
  }
  const input = opts.command
    ? { transport: 'stdio', name, command: opts.command, args: opts.arg ?? [], cwd: opts.cwd ?? null, env: Object.fromEntries(opts.env ?? []) }
    : { transport: 'http', name, url: opts.url, headers: Object.fromEntries(opts.header ?? []), ...(opts.oauth ? { auth: 'oauth' } : {}) };
  const server = await withCore(opts, (_c, api) => call(api, 'servers.add', input));
  if (opts.json) return printJson(server);
  process.stdout.write(
    `Added ${server.name} (${describe(server)}).${server.envNames.length ? ` Its env (${server.envNames.join(', ')}) is in the vault.` : ''}\n` +
      (server.authMode === 'oauth'
        ? `Sign Gatehouse in to it with: gatehouse servers connect ${server.name}\n`
        : `List its tools with: gatehouse servers discover ${server.name}\n`),
  );
}

function describe(s: ServerSummary): string {
  return s.transport === 'stdio' ? `stdio: ${[s.command, ...s.args].join(' ')}` : `http: ${s.url}`;
}

export async function listServers(opts: CommonOptions): Promise<void> {
  const { servers, auth } = await withCore(opts, async (_c, api) => {
    const list = await call(api, 'servers.list', {});
    const auth = new Map<string, UpstreamAuthStatus>();
    for (const s of list) if (s.authMode === 'oauth') auth.set(s.name, await call(api, 'servers.oauth.status', { name: s.name }));
    return { servers: list, auth };
  });
  printList(opts, servers, {
    json: servers.map((s) => (auth.has(s.name) ? { ...s, upstreamAuth: auth.get(s.name) } : s)),
    none: 'No servers yet. Add one: gatehouse servers add NAME --command CMD [--arg A]... [--env K=V]...',
    headers: ['NAME', 'TRANSPORT', 'COMMAND / URL', 'AUTH', 'TOOLS', 'DISCOVERED'],
    cells: (s) => [
      s.aliases.length ? `${s.name} (${s.aliases.map((a) => `"${a}"`).join(', ')})` : s.name,
      s.transport,
      s.transport === 'stdio' ? [s.command, ...s.args].join(' ') : (s.url ?? ''),
      authCell(s, auth.get(s.name)),
      s.discoveryError ? 'error' : String(s.toolCount),
      s.discoveredAt ?? 'never',
    ],
  });
}

function authCell(s: ServerSummary, a: UpstreamAuthStatus | undefined): string {
  if (s.authMode !== 'oauth') return s.transport === 'stdio' ? '-' : s.headerNames.length ? 'headers' : 'none';
  if (!a) return 'oauth';
  if (a.state === 'connected') return a.expiresAt ? `oauth: connected (token until ${a.expiresAt}${a.refreshable ? ', refreshable' : ''})` : 'oauth: connected';
  if (a.state === 'waiting') return 'oauth: waiting for sign-in';
  if (a.state === 'error') return `oauth: error: ${a.error ?? ''}`;
  return 'oauth: needs sign-in';
}

export async function connectServer(name: string, opts: CommonOptions): Promise<void> {
  const s = await withCore(opts, (_c, api) => call(api, 'servers.oauth.connect', { name }));
  if (opts.json) return printJson(s);
  if (s.state === 'connected') {
    process.stdout.write(`${name}: already authorized at the upstream.\n`);
    return;
  }
  process.stdout.write(
    `Open this URL in your browser and sign in at the upstream of ${name}:\n\n  ${s.authorizationUrl}\n\n` +
      `The upstream sends the browser back to ${s.redirectUri}: the Gatehouse app or \`gatehouse serve\` must be running there\n` +
      `to receive it. Then check with: gatehouse servers list\n`,
  );
}

export async function disconnectServer(name: string, opts: CommonOptions): Promise<void> {
  const s = await withCore(opts, (_c, api) => call(api, 'servers.oauth.disconnect', { name }));
  if (opts.json) return printJson(s);
  process.stdout.write(`Forgot the upstream tokens of ${name}; it needs a new sign-in: gatehouse servers connect ${name}\n`);
}

export async function removeServer(name: string, opts: CommonOptions): Promise<void> {
  const r = await withCore(opts, (_c, api) => call(api, 'servers.remove', { name }));
  if (opts.json) return printJson(r);
  process.stdout.write(`Removed ${name}; its secrets were deleted from the vault.\n`);
}

export async function discoverServer(name: string, opts: CommonOptions): Promise<void> {
  const server: ServerDetail = await withCore(opts, (_c, api) => call(api, 'servers.discover', { name }));
  if (opts.json) return printJson(server);
  const badges = (a: ServerDetail['tools'][number]['annotations']) =>
    [a.readOnlyHint && 'read-only', a.destructiveHint && 'destructive', a.openWorldHint && 'open-world'].filter(Boolean).join(', ');
  process.stdout.write(
    `${server.name}: ${server.tools.length} tools${server.serverInfo ? ` (${server.serverInfo.name} ${server.serverInfo.version})` : ''}\n` +
      table(
        ['TOOL', 'HINTS', 'DESCRIPTION'],
        server.tools.map((t) => [t.name, badges(t.annotations), (t.description ?? '').split('\n')[0]!.slice(0, 70)]),
      ),
  );
}

export async function importClaude(opts: CommonOptions & { config?: string }): Promise<void> {
  const r = await withCore(opts, (_c, api) => call(api, 'servers.importClaude', opts.config ? { path: opts.config } : {}));
  if (opts.json) return printJson(r);
  process.stdout.write(`Imported ${r.added.length ? r.added.join(', ') : 'nothing'}.\n`);
  for (const n of r.renamed) process.stdout.write(`  "${n.name}" is registered as ${n.registryName} (use either name)\n`);
  for (const s of r.skipped) process.stdout.write(`  skipped ${s.name}: ${s.reason}\n`);
}

export async function exposeServer(
  name: string,
  opts: CommonOptions & { allow?: string[]; deny?: string[]; apiKeys?: boolean; off?: boolean },
): Promise<void> {
  const e = await withCore(opts, (_c, api) =>
    call(api, 'servers.expose', {
      name,
      exposed: !opts.off,
      ...(opts.allow ? { allowTools: opts.allow } : {}),
      ...(opts.deny ? { denyTools: opts.deny } : {}),
      ...(opts.apiKeys !== undefined ? { acceptApiKeys: Boolean(opts.apiKeys) } : {}),
    }),
  );
  if (opts.json) return printJson(e);
  if (!e.exposed) {
    process.stdout.write(`${name} is no longer served over HTTP.\n`);
    return;
  }
  process.stdout.write(
    `${name} is served at <gateway_base>${name} (run gatehouse serve: it prints gateway_base).\n` +
      `  OAuth clients approved for it get: allow ${e.allowTools.join(', ')}${e.denyTools.length ? `; deny ${e.denyTools.join(', ')}` : ''}\n` +
      `  Gatehouse API keys as bearer tokens: ${e.acceptApiKeys ? 'accepted' : 'refused'}\n`,
  );
}
