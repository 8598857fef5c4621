// `gatehouse servers …`: definitions only; the actions (./servers, ./servers-edit) load
// when a command runs. A server is named by its registry name or by a client app's
// name for it (`"my files (work)"`).
import type { Command } from 'commander';
import { collect, parseHeader, parsePair } from './parse';
import type { Wrap } from './program';

const NAME = "the server's name, or a client app's name for it";

export function registerServerCommands(program: Command, run: Wrap): void {
  const servers = program.command('servers').description('register MCP servers and discover their tools');
  servers
    .command('add')
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
  servers
    .command('edit')
    .argument('<name>', NAME)
    .option('--command <cmd>', 'a new command (a remote server becomes a local one)')
    .option('--arg <arg>', 'the arguments, all of them (repeatable; replaces the list)', collect(String))
    .option('--no-args', 'no arguments at all')
    .option('--cwd <dir>', 'a new working directory')
    .option('--no-cwd', 'no working directory of its own')
    .option('--env <K=V>', 'set an environment variable, kept in the vault (repeatable)', collect(parsePair))
    .option('--unset-env <K>', 'remove an environment variable (repeatable)', collect(String))
    .option('--url <url>', 'a new URL (a local server becomes a remote one)')
    .option('--header <"Name: value">', 'set a header, kept in the vault (repeatable)', collect(parseHeader))
    .option('--unset-header <Name>', 'remove a header (repeatable)', collect(String))
    .option('--oauth', "sign in to the remote server's own OAuth server instead of sending headers")
    .option('--no-oauth', 'send the stored headers instead of signing in')
    .description('change a server: anything you leave out stays as it is; env and header values you do not set keep their stored value')
    .action(run(async (name: string, opts) => (await import('./servers-edit')).editServer(name, opts)));
  servers
    .command('list')
    .description('list registered servers (with the names client apps use for them)')
    .action(run(async (opts) => (await import('./servers')).listServers(opts)));
  servers
    .command('remove')
    .argument('<name>', NAME)
    .description('remove a server and its secrets')
    .action(run(async (name: string, opts) => (await import('./servers')).removeServer(name, opts)));
  servers
    .command('discover')
    .argument('<name>', NAME)
    .description('connect to a server and store its tool catalog')
    .action(run(async (name: string, opts) => (await import('./servers')).discoverServer(name, opts)));
  servers
    .command('connect')
    .argument('<name>', NAME)
    .description("sign Gatehouse in to a remote server's OAuth server: prints the URL to open (the app or `gatehouse serve` must run to receive the callback)")
    .action(run(async (name: string, opts) => (await import('./servers')).connectServer(name, opts)));
  servers
    .command('disconnect')
    .argument('<name>', NAME)
    .description("forget Gatehouse's tokens for a remote server (it needs a new sign-in)")
    .action(run(async (name: string, opts) => (await import('./servers')).disconnectServer(name, opts)));
  servers
    .command('expose')
    .argument('<name>', NAME)
    .option('--allow <TERM>', 'what an approved OAuth client may use: TOOLGLOB, resource:URIGLOB or prompt:NAMEGLOB (repeatable; default: the whole server)', collect(String))
    .option('--deny <TERM>', 'what it may not use, spelled the same (repeatable)', collect(String))
    .option('--api-keys', 'also accept Gatehouse API keys as bearer tokens')
    .option('--off', 'stop serving it over HTTP')
    .description('serve a server over HTTP at <gateway_base><name>, protected by OAuth (and API keys with --api-keys)')
    .action(run(async (name: string, opts) => (await import('./servers')).exposeServer(name, opts)));
  servers
    .command('import')
    .option('--config <path>', 'the Claude Desktop config to read (default: its usual place)')
    .description("register the stdio servers of Claude Desktop's config (their env goes to the vault)")
    .action(run(async (opts) => (await import('./servers')).importClaude(opts)));
}
