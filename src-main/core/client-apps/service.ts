// Protect, unprotect, preview, restore, re-apply and re-patch MCP client configs.
// Every write: parse (refuse what does not parse), prove the edit touches only its
// entries (lossless.ts), back up, record the sealed original as pending, write
// atomically (CONFLICT when the file changed since it was read), then mark the record
// written. A crash anywhere leaves the old bytes or the new ones.
import type { ClientBackup, ClientChange, ClientPreview, ClientRegistryChange, ClientRepatchResult } from '../../../src-shared/model/client-apps';
import type { AuditLog } from '../audit/log';
import type { Vault } from '../crypto/vault';
import { sqliteHandle, type Store } from '../db/store';
import { GatehouseError } from '../errors';
import type { KeyService } from '../keys/service';
import type { Launcher } from '../launcher';
import type { ServerRegistry } from '../servers/registry';
import { writeFileAtomic } from './atomic-write';
import { BackupStore, type BackupRecord } from './backups';
import { parseConfig } from './config-doc';
import { currentPathEnv, type PathEnv } from './definitions';
import { keyStateReader, type KeyStateOf } from './key-state';
import { unifiedDiff } from './line-diff';
import { assertOnlyEntriesChanged } from './lossless';
import { maskSecrets, secretsOf } from './mask';
import { planProtect, type Plan } from './plan';
import { planUnprotect } from './plan-unprotect';
import { EntryRecords } from './records';
import { forGroups, holdersOf, type KeyHolder } from './repatch';
import { restoreBackup } from './restore';
import type { StatusDeps } from './status';
import { loadConfig, realPathOf, resolveTarget, type LoadedConfig, type Target } from './target';

export interface ClientServiceDeps {
  store: Store;
  vault: Vault;
  keys: KeyService;
  servers: ServerRegistry;
  audit: AuditLog;
  dataDir: string;
  /** The command that starts `gatehouse guard` for this install. */
  launcher: () => Launcher;
  /** Platform, home and env for finding configs; tests point it at a temp HOME. */
  paths?: PathEnv;
  /** Test hook: runs between reading a config and replacing it. */
  beforeRename?: (path: string) => void;
}

export interface TargetInput {
  client: string;
  configPath?: string;
}

const toBackup = (b: BackupRecord): ClientBackup => ({
  id: b.id,
  client: b.client,
  configPath: b.configPath,
  createdAt: b.createdAt,
  sha256: b.sha256,
  size: b.size,
  reason: b.reason,
});

interface ChangeParts {
  changed: boolean;
  backup: BackupRecord | null;
  servers: string[];
  imported?: string[];
  registry?: ClientRegistryChange[];
  edited?: string[];
  alsoChanged?: string[];
}

export class ClientAppService {
  readonly records: EntryRecords;
  readonly backups: BackupStore;
  readonly paths: PathEnv;
  readonly keyState: KeyStateOf;

  constructor(private readonly deps: ClientServiceDeps) {
    this.records = new EntryRecords(deps.store, deps.vault);
    this.backups = new BackupStore(deps.store, deps.dataDir, deps.vault);
    this.paths = deps.paths ?? currentPathEnv();
    this.keyState = keyStateReader(deps.store);
  }

  target(input: TargetInput): Target {
    return resolveTarget(input.client, input.configPath, this.paths);
  }

  /** What detection (clients.list, the drift watcher) needs. */
  statusDeps(): StatusDeps {
    return { records: this.records, registry: this.deps.servers, paths: this.paths, keyState: this.keyState };
  }

  private apiKey(keyId: string): string {
    const key = this.deps.keys.get(keyId);
    if (key.status === 'revoked' || key.status === 'expired') {
      throw new GatehouseError('CONFLICT', `key ${key.name} (${keyId}) is ${key.status}; protect with an active key`);
    }
    return this.deps.keys.reveal(keyId, undefined, 'written into a client config').secret;
  }

  private diff(cfg: LoadedConfig, after: string, extra: string[]): string {
    const { def, path } = cfg.target;
    const secrets = [...extra, ...secretsOf(cfg.doc.entries())];
    try {
      secretsOf(parseConfig(after, { format: def.format, serversKey: def.serversKey, path }).entries()).forEach((s) => secrets.push(s));
    } catch {
      // The after-text parses by construction; masking by key shape still applies.
    }
    return maskSecrets(unifiedDiff(cfg.text, after, { path }), secrets);
  }

  private plan(input: TargetInput & { servers: string[]; keyId: string }): { cfg: LoadedConfig; plan: Plan } {
    const cfg = loadConfig(this.target(input));
    const plan = planProtect(cfg, input.servers, {
      registry: this.deps.servers,
      records: this.records,
      launcher: this.deps.launcher(),
      apiKey: this.apiKey(input.keyId),
    });
    // Proven before it is shown, too: a preview never offers a write that would be refused.
    this.prove(cfg, plan.after, plan.entries.map((e) => e.server));
    return { cfg, plan };
  }

  preview(input: TargetInput & { servers: string[]; keyId: string }): ClientPreview {
    const { cfg, plan } = this.plan(input);
    const { def, path } = cfg.target;
    return { client: def.id, path, changed: plan.after !== plan.before, diff: this.diff(cfg, plan.after, plan.secrets), registry: plan.registry };
  }

  previewUnprotect(input: TargetInput & { servers: string[] }): ClientPreview {
    const cfg = loadConfig(this.target(input), { mustExist: true });
    const plan = planUnprotect(cfg, input.servers, { records: this.records, registry: this.deps.servers });
    this.prove(cfg, plan.after, input.servers);
    return { client: cfg.target.def.id, path: cfg.target.path, changed: plan.after !== plan.before, diff: this.diff(cfg, plan.after, []), registry: [] };
  }

  private prove(cfg: LoadedConfig, after: string, servers: string[]): void {
    const { def, path } = cfg.target;
    assertOnlyEntriesChanged(cfg.text, after, { format: def.format, serversKey: def.serversKey, path }, servers);
  }

  /** Proves the edit, backs up the bytes read, then replaces the file with `after` unless it changed meanwhile. */
  private write(cfg: LoadedConfig, after: string, reason: string, servers: string[]): BackupRecord | null {
    this.prove(cfg, after, servers);
    const backup = cfg.bytes ? this.backups.take(cfg.target.def.id, cfg.target.path, cfg.bytes, reason) : null;
    writeFileAtomic(realPathOf(cfg.target.path), after, {
      expectedHash: cfg.hash,
      mode: 0o600,
      beforeRename: this.deps.beforeRename ? () => this.deps.beforeRename!(cfg.target.path) : undefined,
    });
    return backup;
  }

  /** Adds new servers, brings changed ones up to their entry, and maps client names to registry names. */
  private applyRegistry(plan: Plan): string[] {
    const imported: string[] = [];
    for (const e of plan.entries) {
      if (e.importAs && !this.deps.servers.has(e.registryName)) {
        this.deps.servers.add(e.importAs);
        imported.push(e.registryName);
      } else if (e.updateAs) this.deps.servers.update(e.registryName, e.updateAs, false);
      this.deps.servers.names.link(e.server, e.registryName);
    }
    return imported;
  }

  protect(input: TargetInput & { servers: string[]; keyId: string }, reason = 'protect'): ClientChange {
    this.refuseTeamMode();
    const { cfg, plan } = this.plan(input);
    const { def, path } = cfg.target;
    const imported = this.applyRegistry(plan);
    const restore = this.records.snapshot(def.id, path, input.servers);
    for (const e of plan.entries) {
      const keep = e.original === undefined ? (this.records.get(def.id, path, e.server)?.original ?? null) : e.original;
      this.records.putPending(def.id, path, e.server, input.keyId, keep);
    }
    let backup: BackupRecord | null = null;
    const changed = plan.after !== plan.before;
    if (changed) {
      try {
        backup = this.write(cfg, plan.after, reason, input.servers);
      } catch (e) {
        restore();
        throw e;
      }
    }
    for (const e of plan.entries) this.records.setWritten(def.id, path, e.server, e.writtenHash);
    if (changed || plan.registry.length) {
      const updated = plan.registry.filter((r) => r.action === 'update').map((r) => r.registryName);
      this.deps.audit.record({
        action: `client.${reason}`,
        principalType: 'api_key',
        principalId: input.keyId,
        detail: { client: def.id, path, servers: input.servers, backupId: backup?.id ?? null, imported, updated },
      });
    }
    return this.change(cfg.target, { changed, backup, servers: input.servers, imported, registry: plan.registry });
  }

  /**
   * The entry a protect writes starts `gatehouse guard` on this machine's data dir, which
   * does not hold the keys of a team database: in team mode it could never let a call through.
   */
  private refuseTeamMode(): void {
    if (sqliteHandle(this.deps.store)) return;
    throw new GatehouseError(
      'TEAM_MODE_UNSUPPORTED',
      "protecting a client app's config is not available in team mode: the guard entry it writes checks keys in this machine's data dir, not in the team database. Run it without --database-url, with a key made without it",
    );
  }

  unprotect(input: TargetInput & { servers: string[] }): ClientChange {
    const cfg = loadConfig(this.target(input), { mustExist: true });
    const { def, path } = cfg.target;
    const plan = planUnprotect(cfg, input.servers, { records: this.records, registry: this.deps.servers });
    const changed = plan.after !== plan.before;
    const backup = changed ? this.write(cfg, plan.after, 'unprotect', input.servers) : null;
    for (const r of plan.removed) this.records.delete(def.id, path, r.server);
    this.deps.audit.record({ action: 'client.unprotect', detail: { client: def.id, path, servers: input.servers, backupId: backup?.id ?? null } });
    const edited = plan.removed.filter((r) => r.edited).map((r) => r.server);
    return this.change(cfg.target, { changed, backup, servers: input.servers, edited });
  }

  private change(target: Target, p: ChangeParts): ClientChange {
    const restartRequired = p.changed && target.def.restartRequired;
    return {
      client: target.def.id,
      path: target.path,
      changed: p.changed,
      backupId: p.backup?.id ?? null,
      servers: p.servers,
      imported: p.imported ?? [],
      registry: p.registry ?? [],
      edited: p.edited ?? [],
      alsoChanged: p.alsoChanged ?? [],
      restartRequired,
      restartNotice: restartRequired ? `Restart ${target.def.name} to apply.` : null,
    };
  }

  listBackups(filter: { client?: string; configPath?: string }): ClientBackup[] {
    return this.backups.list(filter).map(toBackup);
  }

  /** Puts a backup's bytes back (checksum verified); the current bytes are backed up first. */
  restore(input: { backupId?: string; client?: string; configPath?: string }): ClientChange {
    const r = restoreBackup(input, { backups: this.backups, records: this.records, target: (t) => this.target(t), beforeRename: this.deps.beforeRename });
    this.deps.audit.record({ action: 'client.restore', detail: { client: r.target.def.id, path: r.target.path, backupId: r.id, alsoChanged: r.alsoChanged } });
    return { ...this.change(r.target, { changed: r.changed, backup: r.backup, servers: [], alsoChanged: r.alsoChanged }), restoredFrom: r.id };
  }

  pruneBackups(input: { client?: string; configPath?: string; keep: number }): { removed: string[] } {
    return this.backups.prune({ client: input.client, configPath: input.configPath }, input.keep);
  }

  /** Writes Gatehouse's entries again where the client dropped or changed them, with the stored key. */
  reapply(filter: { client?: string; configPath?: string } = {}): ClientRepatchResult {
    return forGroups(this.records.list(filter), (g) => this.protect(g, 'reapply'));
  }

  /** After a key rotation: rewrites every entry that uses the key with its new secret. */
  repatchKey(keyId: string): ClientRepatchResult {
    this.deps.keys.get(keyId);
    return forGroups(this.records.list({ keyId }), (g) => this.protect(g, 'repatch'));
  }

  /** The configs whose entries still hold an older secret of the key (in its grace, or past it). */
  keyHolders(keyId: string): KeyHolder[] {
    this.deps.keys.get(keyId);
    return holdersOf(this.records.list({ keyId }), (t) => this.target(t), this.keyState);
  }
}
