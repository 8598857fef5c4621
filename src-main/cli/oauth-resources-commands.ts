// `gatehouse oauth resources add|list|remove|rotate-secret`: self-hosted MCP servers that
// Gatehouse issues tokens for. Definitions only; the actions (./oauth-resources) load when
// a command runs.
import type { Command } from 'commander';
import type { Wrap } from './program';


export function registerResourceServerCommands(oauth: Command, run: Wrap): void {
  const resources = oauth.command('resources').description('self-hosted MCP servers that accept Gatehouse tokens (resource servers)');
  resources
    .command('add')
    .argument('<url>', 'the server\'s MCP endpoint, e.g. http://127.0.0.1:8001/mcp (the tokens\' aud)')
    .requiredOption('--name <name>', 'a short name; its tokens carry the scope mcp:<name>')
    .description('register an MCP server Gatehouse does not front; prints its introspection credentials once')
    .action(run(async (url: string, opts) => (await import('./oauth-resources')).addResource(url, opts)));
  resources
    .command('list')
    .description('list the registered resource servers')
    .action(run(async (opts) => (await import('./oauth-resources')).listResources(opts)));
  resources
    .command('remove')
    .argument('<name>', 'resource server name')
    .description('stop issuing tokens for it; its introspection credentials stop working')
    .action(run(async (name: string, opts) => (await import('./oauth-resources')).removeResource(name, opts)));
  resources
    .command('rotate-secret')
    .argument('<name>', 'resource server name')
    .description('a new introspection secret (printed once); the old one stops working now')
    .action(run(async (name: string, opts) => (await import('./oauth-resources')).rotateResourceSecret(name, opts)));
}
