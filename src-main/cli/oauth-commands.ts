// `gatehouse oauth clients create|list|show|revoke|update`, `gatehouse oauth grants
// list|revoke|revoke-all` and `gatehouse oauth consents
// list|approve|deny`: definitions only; the actions (./oauth, ./oauth-consents) load
// when a command runs, like every other command.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { collect, parseRate } from './parse';
import type { Wrap } from './program';
import { registerResourceServerCommands } from './oauth-resources-commands';

const CLIENT = 'client id or name';
const onOff = (flag: string) => (v: string) => {
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new InvalidArgumentError(`${flag} is on or off, not ${v}`);
};

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
  clients
    .command('update')
    .argument('<client>', CLIENT)
    .description('change a client: machine access without sign-in, enabled or disabled')
    .option('--machine-access <on|off>', 'client_credentials tokens without a sign-in (off revokes the machine grant and its tokens)', onOff('--machine-access'))
    .option('--disable', 'disable it: every grant and token it holds is revoked')
    .option('--enable', 'enable it again (no revoked grant or token comes back)')
    .action(run(async (id: string, opts) => (await import('./oauth')).updateClient(id, opts)));

  const grants = oauth.command('grants').description('what clients hold: sign-ins the admin allowed, and machine access');
  grants
    .command('list')
    .option('--client <client>', "only this client's grants (id or name)")
    .description('list live grants with their tokens')
    .action(run(async (opts) => (await import('./oauth')).listGrants(opts)));
  grants
    .command('revoke')
    .argument('<grant-id>', 'grant id (from oauth grants list)')
    .description('end one grant and every token issued under it')
    .action(run(async (id: string, opts) => (await import('./oauth')).revokeGrant(id, opts)));
  grants
    .command('revoke-all')
    .argument('<client>', CLIENT)
    .description('end every grant of a client, machine access included, and every token under them (the client stays enabled)')
    .action(run(async (id: string, opts) => (await import('./oauth')).revokeAllGrants(id, opts)));

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
