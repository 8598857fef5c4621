// Detection: which client apps are installed, their config files, the servers in each
// and each server's status (protected, unprotected, drifted). Read-only.
import { existsSync } from 'node:fs';
import type { ClientApp, ClientConfig, ClientServerEntry, FirstRunStatus } from '../../../src-shared/model/client-apps';
import { isGatehouseError } from '../errors';
import type { KeyService } from '../keys/service';
import type { ServerRegistry } from '../servers/registry';
import { CLIENTS, remoteUrlOf, type ClientDefinition, type PathEnv } from './definitions';
import { apiKeyOf, type KeyStateOf } from './key-state';
import { isGuardEntryFor } from './plan';
import { entryHash, type EntryRecord, type EntryRecords } from './records';
import { loadConfig, whichSync, type Target } from './target';

export interface StatusDeps {
  records: EntryRecords;
  registry: ServerRegistry;
  paths: PathEnv;
  /** Which secret of its key a guard entry holds; without it, keySecret is null. */
  keyState?: KeyStateOf;
}

function describe(entry: Record<string, unknown>, url: string | null): string {
  if (url) return url;
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  return [String(entry.command ?? ''), ...args].join(' ').trim();
}

export function configStatus(target: Target, deps: StatusDeps): ClientConfig {
  const { def, path } = target;
  const base = { path, scope: target.scope, format: def.format, exists: existsSync(path) };
  const records = deps.records.list({ client: def.id, configPath: path }).filter((r) => r.writtenHash);
  let entries: Record<string, unknown> = {};
  try {
    if (base.exists) entries = loadConfig(target).doc.entries();
  } catch (e) {
    const error = isGatehouseError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String(e) };
    return { ...base, error, servers: [] };
  }
  const servers = Object.entries(entries).map(([name, raw]) => entryStatus(def, name, raw, records, deps));
  for (const r of records) {
    if (r.server in entries) continue;
    servers.push({
      name: r.server,
      registryName: deps.registry.names.registered(r.server),
      status: 'drifted',
      driftReason: 'missing',
      transport: 'stdio',
      target: '',
      keyId: r.keyId,
      registered: deps.registry.names.registered(r.server) !== null,
      cannotProtect: null,
      keySecret: null,
    });
  }
  return { ...base, error: null, servers };
}

function statusOf(entry: Record<string, unknown>, record: Omit<EntryRecord, 'original'> | undefined): Pick<ClientServerEntry, 'status' | 'driftReason'> {
  if (record) return entryHash(entry) === record.writtenHash ? { status: 'protected', driftReason: null } : { status: 'drifted', driftReason: 'changed' };
  return isGuardEntryFor(entry) ? { status: 'drifted', driftReason: 'unrecorded' } : { status: 'unprotected', driftReason: null };
}

function entryStatus(def: ClientDefinition, name: string, raw: unknown, records: Omit<EntryRecord, 'original'>[], deps: StatusDeps): ClientServerEntry {
  const entry = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const url = remoteUrlOf(def, entry);
  const record = records.find((r) => r.server === name);
  const registered = deps.registry.names.registered(name);
  const key = isGuardEntryFor(entry) ? apiKeyOf(entry) : null;
  const keyState = key && deps.keyState ? deps.keyState(key) : null;
  return {
    name,
    registryName: registered ?? deps.registry.names.nameFor(name),
    ...statusOf(entry, record),
    transport: url ? 'http' : 'stdio',
    target: describe(entry, url),
    keyId: record?.keyId ?? keyState?.keyId ?? null,
    registered: registered !== null,
    cannotProtect: null,
    keySecret: keyState ? { state: keyState.state, graceUntil: keyState.graceUntil } : null,
  };
}

function clientStatus(def: ClientDefinition, deps: StatusDeps, projectDirs: string[]): ClientApp {
  const users = def.userPaths(deps.paths);
  const paths = new Map<string, 'user' | 'project'>();
  const existing = users.filter((f) => existsSync(f));
  // Claude Desktop uses one file: show the existing ones (several: ambiguous), else where it would be.
  for (const f of def.oneOf ? (existing.length ? existing : users.slice(0, 1)) : users) paths.set(f, 'user');
  if (def.projectPath) for (const dir of projectDirs) paths.set(def.projectPath(dir, deps.paths), 'project');
  for (const r of deps.records.list({ client: def.id })) if (!paths.has(r.configPath)) paths.set(r.configPath, users.includes(r.configPath) ? 'user' : 'project');
  const configs = [...paths].map(([path, scope]) => configStatus({ def, path, scope }, deps)).filter((c) => c.exists || c.scope === 'user' || c.servers.length);
  const cliPath = def.cli ? whichSync(def.cli, deps.paths) : null;
  const installed = configs.some((c) => c.exists) || def.markers(deps.paths).some((m) => existsSync(m)) || Boolean(cliPath);
  return {
    id: def.id,
    name: def.name,
    installed,
    restartRequired: def.restartRequired,
    cliPath,
    warning:
      def.oneOf && existing.length > 1
        ? `found ${existing.length} ${def.name} configs (${existing.join(', ')}); choose the one ${def.name} uses`
        : null,
    configs,
  };
}

export function listClients(deps: StatusDeps, opts: { projectDirs?: string[]; client?: string } = {}): ClientApp[] {
  return CLIENTS.filter((d) => !opts.client || d.id === opts.client).map((d) => clientStatus(d, deps, opts.projectDirs ?? []));
}

/** What the first-run flow needs: no keys yet, and Claude Desktop found with servers to protect. */
export function firstRunStatus(deps: StatusDeps & { keys: KeyService }): FirstRunStatus {
  const hasKeys = deps.keys.any();
  const [claude] = listClients(deps, { client: 'claude-desktop' });
  const config = claude?.installed ? claude.configs.find((c) => c.exists) ?? null : null;
  const unprotected = config?.servers.filter((s) => s.status === 'unprotected' && !s.cannotProtect).map((s) => s.name) ?? [];
  return {
    needed: !hasKeys && unprotected.length > 0 && !claude?.warning,
    hasKeys,
    claudeDesktop: claude?.installed
      ? { configPath: config?.path ?? null, warning: claude.warning, error: config?.error ?? null, servers: config?.servers ?? [], unprotected }
      : null,
  };
}
