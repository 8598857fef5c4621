// `gatehouse oauth clients create|list|show|revoke` and `gatehouse oauth consents
// list|approve|deny`: definitions only; the actions (./oauth, ./oauth-consents) load
// when a command runs, like every other command.
import type { Command } from 'commander';
import { collect, parseRate } from './parse';
import type { Wrap } from './program';
import { registerResourceServerCommands } from './oauth-resources-commands';

const CLIENT = 'client id or name';

export function registerOAuthCommands(program: Command, run: Wrap): void {
  const oauth = program.command('oauth').description('the OAuth authorization server: clients, grants and pending consent');
  const clients = oauth.command('clients').description('OAuth clients (MCP apps that sign in with OAuth)');
  clients
    .command('create')
    .description("create an OAuth client (a confidential client's secret is printed once)")
    .requiredOption('--name <name>', 'a name that says who uses it')
    .option('--redirect-uri <uri>', 'a redirect URI (repeatable)', collect(String))
    .option('--grant <grant>', 'authorization_code or client_credentials (repeatable; default authorization_code)', collect(String))
    .option('--scope <scope>', 'mcp:<server> the client may use (repeatable)', collect(String))
    .option('--public', 'a public client: no secret, PKCE only')
    .option('--rate <N/sec|min|hour>', 'its own rate limit at the gateway (default: the default limit)', parseRate)
    .action(run(async (opts) => (await import('./oauth')).createClient(opts)));
  clients
    .command('list')
    .description('list OAuth clients')
    .action(run(async (opts) => (await import('./oauth')).listClients(opts)));
  clients
    .command('show')
    .argument('<client>', CLIENT)
    .description('show one OAuth client and its grants')
    .action(run(async (id: string, opts) => (await import('./oauth')).showClient(id, opts)));
  clients
    .command('revoke')
    .argument('<client>', CLIENT)
    .description('disable a client and revoke every grant and token it holds')
    .action(run(async (id: string, opts) => (await import('./oauth')).revokeClient(id, opts)));

  const consents = oauth.command('consents').description("sign-in requests waiting for the admin's answer");
  consents
    .command('list')
    .description('list pending sign-in requests')
    .action(run(async (opts) => (await import('./oauth-consents')).listConsents(opts)));
  consents
    .command('approve')
    .argument('<uid>', 'request id (from oauth consents list)')
    .description('allow a pending sign-in request; the browser tab waiting on it continues')
    .action(run(async (uid: string, opts) => (await import('./oauth-consents')).answerConsent(uid, 'allow', opts)));
  consents
    .command('deny')
    .argument('<uid>', 'request id (from oauth consents list)')
    .description('deny a pending sign-in request; the app gets access_denied')
    .action(run(async (uid: string, opts) => (await import('./oauth-consents')).answerConsent(uid, 'deny', opts)));
  registerResourceServerCommands(oauth, run);
}
