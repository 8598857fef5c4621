// The `gatehouse` command. Each command's module is imported only when it runs, so
// `gatehouse guard` (started once per protected server) loads no UI, HTTP or OAuth code.
import { Command, Option } from 'commander';
import { defaultDataDir } from '../core/paths';
import { VERSION } from '../core/version';
import type { CommonOptions } from './context';
import { fail } from './errors';
import { collect, parseDuration, parseExpiry, parseRate, parseRulePattern } from './parse';

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

program
  .command('guard')
  .description('relay an MCP server over stdio, enforcing the key in GATEHOUSE_API_KEY (what protected client configs run)')
  .requiredOption('--server <name>', 'the registered server to start behind the guard')
  .addOption(new Option('--data-dir <dir>', 'data directory').env('GATEHOUSE_DATA_DIR'))
  .option('--max-message-bytes <n>', 'largest message relayed (default: the maxMessageBytes setting)', (v) => Number.parseInt(v, 10))
  .option('--request-timeout <seconds>', 'answer a request the server has not answered after this long', (v) => Number(v) * 1000)
  .action(
    run(async (opts: CommonOptions & { server: string; maxMessageBytes?: number; requestTimeout?: number }) => {
      const { runGuard } = await import('../guard');
      await runGuard({
        dataDir: dataDirOf(opts),
        server: opts.server,
        maxMessageBytes: opts.maxMessageBytes,
        requestTimeoutMs: opts.requestTimeout,
      });
    }),
  );

common(program.command('doctor'))
  .description('check the data dir, schema, master key and file permissions')
  .action(run(async (opts) => (await import('./doctor')).doctor(opts)));

program.parseAsync(process.argv).catch((e) => fail(e, process.argv.includes('--json')));
