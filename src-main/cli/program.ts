// The `gatehouse` command line (all commands but the guard's fast path, see index.ts).
// Each command's module is imported only when it runs.
import { Command, Option } from 'commander';
import { defaultDataDir } from '../core/paths';
import { VERSION } from '../core/version';
import type { CommonOptions } from './context';
import { fail } from './errors';
import { registerOAuthCommands } from './oauth-commands';
import {
  collect,
  parseAuditFormat,
  parseDecision,
  parseDuration,
  parseExpiry,
  parseHeader,
  parseLimit,
  parsePair,
  parseRate,
  parseRulePattern,
  parseSince,
} from './parse';

const program = new Command('gatehouse')
  .description('Control who may use which MCP server, which tools, and how often.')
  .version(VERSION)
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

function common(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data-dir <dir>', 'data directory').env('GATEHOUSE_DATA_DIR'))
    .option('--json', 'print one JSON document on stdout');
}

const dataDirOf = (opts: CommonOptions) => opts.dataDir ?? defaultDataDir();

/** Runs an action with uniform error reporting. */
function run<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    const opts = args.find((a) => a && typeof a === 'object' && !(a instanceof Command)) as CommonOptions | undefined;
    try {
      await fn(...args);
    } catch (e) {
      fail(e, Boolean(opts?.json));
    }
  };
}

common(program.command('serve'))
  .description('run the authorization server, gateway and admin UI on loopback')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--port <n>', 'port (0 picks a free one)', (v) => Number.parseInt(v, 10), 7337)
  .action(
    run(async (opts: CommonOptions & { host: string; port: number }) => {
      const { runServe } = await import('./serve');
      await runServe({ dataDir: dataDirOf(opts), host: opts.host, port: opts.port, json: Boolean(opts.json) });
    }),
  );

const keys = program.command('keys').description('create, rotate and revoke API keys');
common(keys.command('create'))
  .description('create an API key (printed once)')
  .requiredOption('--name <name>', 'a name that says who uses it')
  .option('--allow <SERVER:TOOLGLOB>', 'allow tools (repeatable)', collect(parseRulePattern))
  .option('--deny <SERVER:TOOLGLOB>', 'deny tools (repeatable; deny beats allow)', collect(parseRulePattern))
  .option('--rate <N/sec|min|hour>', 'rate limit', parseRate)
  .option('--expires <duration|never>', 'lifetime, e.g. 30d, 12h or never', parseExpiry, 30 * 86400)
  .action(run(async (opts) => (await import('./keys')).createKey(opts)));
common(keys.command('list'))
  .description('list API keys')
  .action(run(async (opts) => (await import('./keys')).listKeys(opts)));
common(keys.command('show'))
  .argument('<id>', 'key id (key_…)')
  .description('show one API key (never its secret)')
  .action(run(async (id: string, opts) => (await import('./keys')).showKey(id, opts)));
common(keys.command('rotate'))
  .argument('<id>', 'key id (key_…)')
  .option('--grace <duration>', 'how long the old key keeps working (0, 1h, 24h, 7d)', parseDuration, 24 * 3600)
  .description('issue a new secret for a key; the old one works until the grace ends')
  .action(run(async (id: string, opts) => (await import('./keys')).rotateKey(id, opts.grace, opts)));
common(keys.command('revoke'))
  .argument('<id>', 'key id (key_…)')
  .description('revoke a key now')
  .action(run(async (id: string, opts) => (await import('./keys')).revokeKey(id, opts)));
common(keys.command('verify'))
  .description('check a key from GATEHOUSE_API_KEY or stdin (exit 3 when refused)')
  .action(run(async (opts) => (await import('./keys')).verifyKey(opts)));

const servers = program.command('servers').description('register MCP servers and discover their tools');
common(servers.command('add'))
  .argument('<name>', 'a short name (letters, digits, _ . -)')
  .option('--command <cmd>', 'the command that starts a local (stdio) server')
  .option('--arg <arg>', 'an argument of the command (repeatable)', collect(String))
  .option('--env <K=V>', 'an environment variable for the server, kept in the vault (repeatable)', collect(parsePair))
  .option('--cwd <dir>', 'working directory of the server')
  .option('--url <url>', 'the URL of a remote (streamable HTTP) server')
  .option('--header <"Name: value">', 'a header sent to the remote server, kept in the vault (repeatable)', collect(parseHeader))
  .option('--oauth', "sign Gatehouse in to the remote server's own OAuth server (then: gatehouse servers connect NAME)")
  .description('register a server (--command for stdio, --url for remote)')
  .action(run(async (name: string, opts) => (await import('./servers')).addServer(name, opts)));
common(servers.command('list'))
  .description('list registered servers')
  .action(run(async (opts) => (await import('./servers')).listServers(opts)));
common(servers.command('remove'))
  .argument('<name>')
  .description('remove a server and its secrets')
  .action(run(async (name: string, opts) => (await import('./servers')).removeServer(name, opts)));
common(servers.command('discover'))
  .argument('<name>')
  .description("connect to a server and store its tool catalog")
  .action(run(async (name: string, opts) => (await import('./servers')).discoverServer(name, opts)));
common(servers.command('connect'))
  .argument('<name>')
  .description("sign Gatehouse in to a remote server's OAuth server: prints the URL to open (the app or `gatehouse serve` must run to receive the callback)")
  .action(run(async (name: string, opts) => (await import('./servers')).connectServer(name, opts)));
common(servers.command('disconnect'))
  .argument('<name>')
  .description("forget Gatehouse's tokens for a remote server (it needs a new sign-in)")
  .action(run(async (name: string, opts) => (await import('./servers')).disconnectServer(name, opts)));
common(servers.command('expose'))
  .argument('<name>')
  .option('--allow <TOOLGLOB>', 'tools an approved OAuth client may call (repeatable; default *)', collect(String))
  .option('--deny <TOOLGLOB>', 'tools it may not call (repeatable)', collect(String))
  .option('--api-keys', 'also accept Gatehouse API keys as bearer tokens')
  .option('--off', 'stop serving it over HTTP')
  .description('serve a server over HTTP at <gateway_base><name>, protected by OAuth (and API keys with --api-keys)')
  .action(run(async (name: string, opts) => (await import('./servers')).exposeServer(name, opts)));
common(servers.command('import'))
  .option('--config <path>', 'the Claude Desktop config to read (default: its usual place)')
  .description("register the stdio servers of Claude Desktop's config (their env goes to the vault)")
  .action(run(async (opts) => (await import('./servers')).importClaude(opts)));

const clients = program.command('clients').description('protect the MCP servers of client apps (Claude Desktop, Cursor, VS Code, …)');
const TARGETS = 'claude-desktop, cursor, vscode, windsurf, claude-code, codex, gemini or zed';
common(clients.command('list'))
  .option('--project <dir>', 'also look at the project configs of this folder (repeatable)', collect(String))
  .description('detected client apps, their configs, servers and statuses')
  .action(run(async (opts) => (await import('./clients')).listClients(opts)));
common(clients.command('patch'))
  .argument('<target>', TARGETS)
  .requiredOption('--server <name>', 'the server entry to protect (repeatable)', collect(String))
  .requiredOption('--key <id>', 'the API key the entries use (key_…)')
  .option('--config <path>', 'the config file (default: where the client keeps it)')
  .option('--dry-run', 'print the diff (secrets masked) and write nothing')
  .description('replace server entries with the Gatehouse guard (backup first)')
  .action(run(async (target: string, opts) => (await import('./clients')).patchClient(target, opts)));
common(clients.command('unprotect'))
  .argument('<target>', TARGETS)
  .requiredOption('--server <name>', 'the server entry to put back (repeatable)', collect(String))
  .option('--config <path>', 'the config file (default: where the client keeps it)')
  .option('--dry-run', 'print the diff (secrets masked) and write nothing')
  .description('put the original entries back, secrets included')
  .action(run(async (target: string, opts) => (await import('./clients')).unprotectClient(target, opts)));
common(clients.command('restore'))
  .argument('<target>', TARGETS)
  .option('--config <path>', 'the config file (default: where the client keeps it)')
  .option('--backup <id>', 'the backup to put back (default: the newest)')
  .description('put a backup of the config back, byte for byte')
  .action(run(async (target: string, opts) => (await import('./clients')).restoreClient(target, opts)));
common(clients.command('backups'))
  .argument('[target]', TARGETS)
  .option('--config <path>', 'only backups of this config file')
  .description('list backups of client configs, newest first')
  .action(run(async (target: string | undefined, opts) => (await import('./clients')).listBackups(target, opts)));
common(clients.command('reapply'))
  .argument('[target]', TARGETS)
  .option('--config <path>', 'only this config file')
  .description('write protected entries again where a client dropped or changed them')
  .action(run(async (target: string | undefined, opts) => (await import('./clients')).reapplyClients(target, opts)));

common(program.command('audit'))
  .description('show audit events, newest first: a page, or with --all every matching event')
  .option('--since <time|duration>', 'only events after this (ISO time, or 15m, 24h, 7d)', (v) => parseSince(v))
  .option('--until <time|duration>', 'only events before this (ISO time, or a duration ago)', (v) => parseSince(v))
  .option('--key <id>', 'only this API key (key_…) or OAuth client id')
  .option('--server <name>', 'only this server')
  .option('--tool <name>', 'only this tool')
  .option('--decision <d>', 'allowed, denied, rate_limited or error', parseDecision)
  .option('--limit <n>', 'events in the page (default 50, at most 1000)', parseLimit)
  .option('--cursor <cursor>', 'the page after the one that printed this cursor')
  .option('--all', 'every matching event, page after page (with --format)')
  .option('--format <f>', 'table (default), csv, json or ndjson', parseAuditFormat)
  .action(run(async (opts) => (await import('./audit')).showAudit(opts)));

program
  .command('guard')
  .description('relay an MCP server over stdio, enforcing the key in GATEHOUSE_API_KEY (what protected client configs run)')
  .requiredOption('--server <name>', 'the registered server to start behind the guard')
  .addOption(new Option('--data-dir <dir>', 'data directory').env('GATEHOUSE_DATA_DIR'))
  .option('--max-message-bytes <n>', 'largest message relayed (default: the maxMessageBytes setting)', (v) => Number.parseInt(v, 10))
  .option('--request-timeout <seconds>', 'answer a request the server has not answered after this long', (v) => Number(v) * 1000)
  .action(
    // Reached only for help text: index.ts sends `guard` to its lean entry first.
    run(async () => (await import('./guard-command')).main(process.argv.slice(3))),
  );

registerOAuthCommands(program, common, run);

const masterKey = program.command('master-key').description('where the master key that encrypts the stored secrets is kept');
common(masterKey.command('move-to-keychain'))
  .description('move the master key from the key file into the OS keychain, then delete the file')
  .action(run(async (opts) => (await import('./master-key')).moveToKeychain(opts)));

common(program.command('doctor'))
  .description('check the data dir, schema, master key and file permissions')
  .action(run(async (opts) => (await import('./doctor')).doctor(opts)));

export function main(argv: string[]): void {
  program.parseAsync(argv).catch((e) => fail(e, argv.includes('--json')));
}
