// `gatehouse clients …`: detect MCP client apps and protect, unprotect or restore
// their configs. --dry-run prints the masked diff and writes nothing.
import type { ClientApp, ClientChange, ClientRegistryChange, ClientServerEntry } from '../../src-preload/contract';
import { call, printJson, table, withCore, type CommonOptions } from './context';
import { resolveKeyId } from './resolve';

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
      for (const s of cfg.servers) rows.push([app.id, cfg.path, serverCell(s), statusCell(s)]);
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

/** The client's name, and the registry name when it differs. */
const serverCell = (s: ClientServerEntry) => (s.registryName && s.registryName !== s.name ? `${s.name} → ${s.registryName}` : s.name);

function statusCell(s: ClientServerEntry): string {
  const key = s.keySecret && s.keySecret.state !== 'current' ? `, holds a key ${s.keySecret.state === 'grace' ? `in its grace (until ${s.keySecret.graceUntil})` : s.keySecret.state === 'retired' ? 'past its grace' : 'this data dir does not know'}` : '';
  return s.status + (s.driftReason ? ` (${s.driftReason})` : '') + key;
}

/** What the registry learned: `filesystem: updated to the entry as it is now: args ([…] → […])`. */
export function registryLines(changes: ClientRegistryChange[]): string {
  return changes
    .map((r) => {
      const as = r.registryName !== r.server ? ` as ${r.registryName}` : '';
      return r.action === 'add'
        ? `Registry: adds "${r.server}"${as} (its env goes into the vault).\n`
        : `Registry: updates ${r.registryName} to the entry as it is now: ${r.changes.join('; ')}.\n`;
    })
    .join('');
}

function report(change: ClientChange, verb: string, opts: CommonOptions): void {
  if (opts.json) return printJson(change);
  if (!change.changed) {
    process.stdout.write(`${change.path} already ${verb === 'Restored' ? 'holds that backup' : 'is as requested'}; nothing written.\n`);
    return;
  }
  const what = change.servers.length ? ` ${change.servers.join(', ')} in` : '';
  process.stdout.write(`${verb}${what} ${change.path}.${change.backupId ? ` Backup: ${change.backupId}.` : ''}\n`);
  process.stdout.write(registryLines(change.registry));
  if (change.edited.length) process.stdout.write(`Wrote ${change.edited.join(', ')} as edited in Gatehouse, not as first protected.\n`);
  if (change.alsoChanged.length) process.stdout.write(`The backup also changed, outside Gatehouse's entries: ${change.alsoChanged.join(', ')}.\n`);
  if (change.restartNotice) process.stdout.write(`${change.restartNotice}\n`);
}

export async function patchClient(
  client: string,
  opts: TargetOptions & { server: string[]; key: string; dryRun?: boolean },
): Promise<void> {
  const input = async (api: Parameters<typeof resolveKeyId>[0]) => ({ client, configPath: opts.config, servers: opts.server, keyId: await resolveKeyId(api, opts.key) });
  if (opts.dryRun) {
    const preview = await withCore(opts, async (_c, api) => call(api, 'clients.preview', await input(api)));
    if (opts.json) return printJson(preview);
    process.stdout.write(preview.changed ? preview.diff : `${preview.path} already protects ${opts.server.join(', ')}; nothing would change.\n`);
    process.stdout.write(registryLines(preview.registry));
    return;
  }
  report(await withCore(opts, async (_c, api) => call(api, 'clients.protect', await input(api))), 'Protected', opts);
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
