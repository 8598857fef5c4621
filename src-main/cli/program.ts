// The `gatehouse` command line (all commands but the guard's fast path, see index.ts).
// Global options (--data-dir, --json) go before or after the subcommand, as with git;
// each command's module is imported only when it runs.
import { Command, Option } from 'commander';
import { defaultDataDir } from '../core/paths';
import { VERSION } from '../core/version';
import { registerClientCommands } from './commands-clients';
import { registerServerCommands } from './commands-servers';
import type { CommonOptions } from './context';
import { fail } from './errors';
import { registerMigrateCommand } from './migrate';
import { registerOAuthCommands } from './oauth-commands';
import { collect, parseAuditFormat, parseDecision, parseDuration, parseExpiry, parseLimit, parseRate, parseRulePattern, parseSince } from './parse';

const program = new Command('gatehouse')
  .description('Control who may use which MCP server, which tools, and how often.')
  .version(VERSION)
  .showHelpAfterError()
  // Every subcommand's help lists the global options too.
  .configureHelp({ showGlobalOptions: true })
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .addOption(new Option('--data-dir <dir>', 'data directory (default: the OS config dir)').env('GATEHOUSE_DATA_DIR'))
  .addOption(
    new Option('--database-url <url>', 'team mode: the PostgreSQL database, postgres://USER:PASSWORD@HOST:5432/DATABASE (default: SQLite in the data dir)').env(
      'GATEHOUSE_DATABASE_URL',
    ),
  )
  .addOption(
    new Option('--database-statement-timeout <ms>', 'team mode: cancel a statement that runs longer than this, in ms; 0: never (default 30000)').env(
      'GATEHOUSE_DATABASE_STATEMENT_TIMEOUT',
    ),
  )
  .addOption(
    new Option('--database-pool-size <n>', 'team mode: PostgreSQL connections one serve replica opens, 1-3 (default 3; see the README)').env('GATEHOUSE_DATABASE_POOL_SIZE'),
  )
  .option('--json', 'print one JSON document on stdout (errors: {"error": {"code", "message"}} on stderr)');

export type Wrap = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

/**
 * Runs an action with the global options merged into its own and uniform error
 * reporting. Commander passes the positional arguments, the command's options, then
 * the command; the options become `optsWithGlobals()`, wherever they were written.
 */
const run: Wrap = (fn) => {
  return async (...args) => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as CommonOptions;
    try {
      await fn(...([...args.slice(0, -2), opts, cmd] as typeof args));
    } catch (e) {
      fail(e, Boolean(opts.json));
    }
  };
};

const dataDirOf = (opts: CommonOptions) => opts.dataDir ?? defaultDataDir();

interface ServeCommandOptions {
  host: string;
  port: number;
  publicUrl?: string;
  trustProxy?: boolean;
  logFormat?: string;
  logLevel?: string;
  drainSeconds?: number;
}

program
  .command('serve')
  .description('run the authorization server, gateway and admin UI (loopback, or behind a load balancer with --public-url)')
  .option('--host <host>', 'address to bind (beyond loopback only with --public-url https://…)', '127.0.0.1')
  .option('--port <n>', 'port (0 picks a free one)', (v) => Number.parseInt(v, 10), 7337)
  .addOption(new Option('--public-url <url>', 'the https URL clients reach through the load balancer: issuer, resource URLs, cookies').env('GATEHOUSE_PUBLIC_URL'))
  .option('--trust-proxy', 'believe X-Forwarded-Proto/-Host/-For from the load balancer')
  .addOption(new Option('--log-format <format>', 'json: one object per line on stdout (the default with --public-url); text: stderr (the default otherwise)').choices(['json', 'text']))
  .addOption(new Option('--log-level <level>', 'the least a line must be to be written (default: info for json, warn for text)').choices(['debug', 'info', 'warn', 'error']))
  .option('--drain-seconds <n>', 'on SIGTERM, how long calls in flight may finish (default 10)', (v) => Number(v))
  .action(
    run(async (opts: CommonOptions & ServeCommandOptions) => {
      const { runServe } = await import('./serve');
      await runServe({ ...opts, dataDir: dataDirOf(opts), json: Boolean(opts.json) });
    }),
  );

program
  .command('admin-link')
  .description('print a new one-time sign-in link for the admin page of the running `gatehouse serve` (no restart)')
  .action(run(async (opts: CommonOptions) => (await import('./admin-link')).adminLink(opts)));

const KEY = 'key id (key_…) or name';
const keys = program.command('keys').description('create, rotate and revoke API keys');
keys
  .command('create')
  .description('create an API key (printed once)')
  .requiredOption('--name <name>', 'a name that says who uses it')
  .option('--description <text>', 'what the key is for')
  .option('--allow <RULE>', 'allow SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB (repeatable)', collect(parseRulePattern))
  .option('--deny <RULE>', 'deny the same (repeatable; deny beats allow)', collect(parseRulePattern))
  .option('--rate <N/sec|min|hour>', 'rate limit', parseRate)
  .addOption(new Option('--expires <duration|never>', 'lifetime, e.g. 30d, 12h or never').default(30 * 86400, '30d').argParser(parseExpiry))
  .option('--allow-nothing', 'create the key even if its rules allow nothing of a registered server')
  .action(run(async (opts) => (await import('./keys')).createKey(opts)));
keys
  .command('list')
  .description('list API keys')
  .action(run(async (opts) => (await import('./keys')).listKeys(opts)));
keys
  .command('show')
  .argument('<key>', KEY)
  .description('show one API key (never its secret)')
  .action(run(async (key: string, opts) => (await import('./keys')).showKey(key, opts)));
keys
  .command('rotate')
  .argument('<key>', KEY)
  .addOption(new Option('--grace <duration>', 'how long the old key keeps working (0, 1h, 24h, 7d)').default(24 * 3600, '24h').argParser(parseDuration))
  .option('--no-repatch', 'leave client configs on the old secret; list each config that still holds it')
  .description('issue a new secret for a key and write it into every client config that uses the key; the old one works until the grace ends')
  .action(run(async (key: string, opts) => (await import('./keys-rotate')).rotateKey(key, opts)));
keys
  .command('revoke')
  .argument('<key>', KEY)
  .description('revoke a key now')
  .action(run(async (key: string, opts) => (await import('./keys')).revokeKey(key, opts)));
keys
  .command('verify')
  .description('check a key from GATEHOUSE_API_KEY or stdin (exit 3 when refused)')
  .action(run(async (opts) => (await import('./keys')).verifyKey(opts)));

registerServerCommands(program, run);
registerClientCommands(program, run);

program
  .command('audit')
  .description('show audit events, newest first: a page, or with --all every matching event')
  .option('--since <time|duration>', 'only events after this (ISO time, or 15m, 24h, 7d)', (v) => parseSince(v))
  .option('--until <time|duration>', 'only events before this (ISO time, or a duration ago)', (v) => parseSince(v))
  .option('--key <key>', `only this API key (${KEY}) or OAuth client (its id or name)`)
  .option('--server <name>', "only this server (its name, or a client app's name for it)")
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
  .option('--max-message-bytes <n>', 'largest message relayed (default: the maxMessageBytes setting)', (v) => Number.parseInt(v, 10))
  .option('--request-timeout <seconds>', 'answer a request the server has not answered after this long', (v) => Number(v) * 1000)
  .action(
    // Reached only for help text: index.ts sends `guard` to its lean entry first.
    run(async () => (await import('./guard-command')).main(process.argv.slice(3))),
  );

registerOAuthCommands(program, run);

const masterKey = program.command('master-key').description('where the master key that encrypts the stored secrets is kept');
masterKey
  .command('move-to-keychain')
  .description('move the master key from the key file into the OS keychain, then delete the file')
  .action(run(async (opts) => (await import('./master-key')).moveToKeychain(opts)));

registerMigrateCommand(program, run);

program
  .command('doctor')
  .description('check the data dir, schema, master key and file permissions')
  .action(run(async (opts) => (await import('./doctor')).doctor(opts)));

/** The command tree, for tests that check what the docs and deploy files use exists. */
export { program };

export function main(argv: string[]): void {
  program.parseAsync(argv).catch((e) => fail(e, argv.includes('--json')));
}
