// `gatehouse clients …`: definitions only; the actions (./clients) load when a command
// runs. --server takes the client app's own name for the entry (any characters).
import type { Command } from 'commander';
import { collect } from './parse';
import type { Wrap } from './program';

const TARGETS = 'claude-desktop, cursor, vscode, windsurf, claude-code, codex, gemini or zed';
const CONFIG = 'the config file (default: where the client keeps it)';

export function registerClientCommands(program: Command, run: Wrap): void {
  const clients = program.command('clients').description('protect the MCP servers of client apps (Claude Desktop, Cursor, VS Code, …)');
  clients
    .command('list')
    .option('--project <dir>', 'also look at the project configs of this folder (repeatable)', collect(String))
    .description('detected client apps, their configs, servers and statuses')
    .action(run(async (opts) => (await import('./clients')).listClients(opts)));
  clients
    .command('patch')
    .argument('<target>', TARGETS)
    .requiredOption('--server <name>', "the entry to protect, by the client's name for it (repeatable)", collect(String))
    .requiredOption('--key <key>', 'the API key the entries use (key id or name)')
    .option('--config <path>', CONFIG)
    .option('--dry-run', 'print the diff (secrets masked) and what the registry learns; write nothing')
    .description('replace server entries with the Gatehouse guard (backup first); the registry takes each entry as it is now')
    .action(run(async (target: string, opts) => (await import('./clients')).patchClient(target, opts)));
  clients
    .command('unprotect')
    .argument('<target>', TARGETS)
    .requiredOption('--server <name>', "the entry to put back, by the client's name for it (repeatable)", collect(String))
    .option('--config <path>', CONFIG)
    .option('--dry-run', 'print the diff (secrets masked) and write nothing')
    .description('put the original entries back, secrets included (a server edited in Gatehouse since: as edited)')
    .action(run(async (target: string, opts) => (await import('./clients')).unprotectClient(target, opts)));
  clients
    .command('restore')
    .argument('<target>', TARGETS)
    .option('--config <path>', CONFIG)
    .option('--backup <id>', 'the backup to put back (default: the newest)')
    .description('put a backup of the config back, byte for byte; says what else it changed')
    .action(run(async (target: string, opts) => (await import('./clients')).restoreClient(target, opts)));
  clients
    .command('backups')
    .argument('[target]', TARGETS)
    .option('--config <path>', 'only backups of this config file')
    .description('list backups of client configs, newest first')
    .action(run(async (target: string | undefined, opts) => (await import('./clients')).listBackups(target, opts)));
  clients
    .command('reapply')
    .argument('[target]', TARGETS)
    .option('--config <path>', 'only this config file')
    .description('write protected entries again where a client dropped or changed them')
    .action(run(async (target: string | undefined, opts) => (await import('./clients')).reapplyClients(target, opts)));
}
