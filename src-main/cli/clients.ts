// `gatehouse clients …`: detect MCP client apps and protect, unprotect or restore
// their configs. --dry-run prints the masked diff and writes nothing.
import type { ClientApp, ClientChange } from '../../src-preload/contract';
import { call, printJson, table, withCore, type CommonOptions } from './context';

interface TargetOptions extends CommonOptions {
  config?: string;
}

export async function listClients(opts: CommonOptions & { project?: string[] }): Promise<void> {
  const apps = await withCore(opts, (_c, api) => call(api, 'clients.list', opts.project?.length ? { projectDirs: opts.project } : {}));
  if (opts.json) return printJson(apps);
  const rows: string[][] = [];
  for (const app of apps.filter((a: ClientApp) => a.installed)) {
    for (const cfg of app.configs.filter((c) => c.exists || c.servers.length)) {
      if (cfg.error) rows.push([app.id, cfg.path, '-', `error: ${cfg.error.message}`]);
      for (const s of cfg.servers) rows.push([app.id, cfg.path, s.name, s.status + (s.driftReason ? ` (${s.driftReason})` : '')]);
      if (!cfg.error && !cfg.servers.length) rows.push([app.id, cfg.path, '-', 'no servers']);
    }
    if (app.warning) rows.push([app.id, '-', '-', `warning: ${app.warning}`]);
  }
  if (!rows.length) {
    process.stdout.write('No MCP client apps found (Claude Desktop, Cursor, VS Code, Windsurf, Claude Code, Codex, Gemini CLI, Zed).\n');
    return;
  }
  process.stdout.write(table(['CLIENT', 'CONFIG', 'SERVER', 'STATUS'], rows));
}

function report(change: ClientChange, verb: string, opts: CommonOptions): void {
  if (opts.json) return printJson(change);
  if (!change.changed) {
    process.stdout.write(`${change.path} already ${verb === 'Restored' ? 'holds that backup' : 'is as requested'}; nothing written.\n`);
    return;
  }
  const what = change.servers.length ? ` ${change.servers.join(', ')} in` : '';
  process.stdout.write(`${verb}${what} ${change.path}.${change.backupId ? ` Backup: ${change.backupId}.` : ''}\n`);
  if (change.imported.length) process.stdout.write(`Registered ${change.imported.join(', ')} (env moved into the vault).\n`);
  if (change.restartNotice) process.stdout.write(`${change.restartNotice}\n`);
}

export async function patchClient(
  client: string,
  opts: TargetOptions & { server: string[]; key: string; dryRun?: boolean },
): Promise<void> {
  const input = { client, configPath: opts.config, servers: opts.server, keyId: opts.key };
  if (opts.dryRun) {
    const preview = await withCore(opts, (_c, api) => call(api, 'clients.preview', input));
    if (opts.json) return printJson(preview);
    process.stdout.write(preview.changed ? preview.diff : `${preview.path} already protects ${opts.server.join(', ')}; nothing would change.\n`);
    return;
  }
  report(await withCore(opts, (_c, api) => call(api, 'clients.protect', input)), 'Protected', opts);
}

export async function unprotectClient(client: string, opts: TargetOptions & { server: string[]; dryRun?: boolean }): Promise<void> {
  const input = { client, configPath: opts.config, servers: opts.server };
  if (opts.dryRun) {
    const preview = await withCore(opts, (_c, api) => call(api, 'clients.previewUnprotect', input));
    if (opts.json) return printJson(preview);
    process.stdout.write(preview.changed ? preview.diff : 'Nothing would change.\n');
    return;
  }
  report(await withCore(opts, (_c, api) => call(api, 'clients.unprotect', input)), 'Unprotected', opts);
}

export async function restoreClient(client: string, opts: TargetOptions & { backup?: string }): Promise<void> {
  const input = opts.backup ? { backupId: opts.backup } : { client, configPath: opts.config };
  report(await withCore(opts, (_c, api) => call(api, 'clients.restore', input)), 'Restored', opts);
}

export async function listBackups(client: string | undefined, opts: TargetOptions): Promise<void> {
  const backups = await withCore(opts, (_c, api) => call(api, 'clients.backups', { client, configPath: opts.config }));
  if (opts.json) return printJson(backups);
  if (!backups.length) return void process.stdout.write('No backups yet.\n');
  process.stdout.write(table(['ID', 'CLIENT', 'CONFIG', 'TAKEN', 'BEFORE'], backups.map((b) => [b.id, b.client, b.configPath, b.createdAt, b.reason])));
}

export async function reapplyClients(client: string | undefined, opts: TargetOptions): Promise<void> {
  const r = await withCore(opts, (_c, api) => call(api, 'clients.reapply', { client, configPath: opts.config }));
  if (opts.json) return printJson(r);
  for (const c of r.changes) report(c, 'Re-applied', opts);
  for (const e of r.errors) process.stderr.write(`gatehouse: ${e.path}: ${e.message}\n`);
  if (r.errors.length) process.exitCode = 1;
}
