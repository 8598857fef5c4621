// Protect, unprotect, preview, restore, re-apply and re-patch MCP client configs.
// Every write: parse (refuse what does not parse), back up, record the sealed original
// as pending, write atomically (CONFLICT when the file changed since it was read), then
// mark the record written. A crash anywhere leaves the old bytes or the new ones.
import { readFileSync } from 'node:fs';
import type { ClientBackup, ClientChange, ClientPreview, ClientRepatchResult } from '../../../src-preload/contract';
import type { AuditLog } from '../audit/log';
import type { Vault } from '../crypto/vault';
import type { Database } from '../db/connection';
import { GatehouseError, isGatehouseError } from '../errors';
import type { KeyService } from '../keys/service';
import type { Launcher } from '../launcher';
import type { ServerRegistry } from '../servers/registry';
import { sha256, writeFileAtomic } from './atomic-write';
import { BackupStore, type BackupRecord } from './backups';
import { currentPathEnv, type PathEnv } from './definitions';
import { unifiedDiff } from './line-diff';
import { maskSecrets, secretsOf } from './mask';
import { planProtect, planUnprotect } from './plan';
import { parseConfig } from './config-doc';
import { entryHash, EntryRecords } from './records';
import { loadConfig, realPathOf, resolveTarget, type LoadedConfig, type Target } from './target';

export interface ClientServiceDeps {
  db: Database;
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

export class ClientService {
  readonly records: EntryRecords;
  readonly backups: BackupStore;
  readonly paths: PathEnv;

  constructor(private readonly deps: ClientServiceDeps) {
    this.records = new EntryRecords(deps.db, deps.vault);
    this.backups = new BackupStore(deps.db, deps.dataDir);
    this.paths = deps.paths ?? currentPathEnv();
  }

  target(input: TargetInput): Target {
    return resolveTarget(input.client, input.configPath, this.paths);
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

  preview(input: TargetInput & { servers: string[]; keyId: string }): ClientPreview {
    const cfg = loadConfig(this.target(input));
    const plan = planProtect(cfg, input.servers, { ...this.planDeps(), apiKey: this.apiKey(input.keyId) });
    return { client: cfg.target.def.id, path: cfg.target.path, changed: plan.after !== plan.before, diff: this.diff(cfg, plan.after, plan.secrets) };
  }

  previewUnprotect(input: TargetInput & { servers: string[] }): ClientPreview {
    const cfg = loadConfig(this.target(input), { mustExist: true });
    const plan = planUnprotect(cfg, input.servers, this.records);
    return { client: cfg.target.def.id, path: cfg.target.path, changed: plan.after !== plan.before, diff: this.diff(cfg, plan.after, []) };
  }

  private planDeps() {
    return { registry: this.deps.servers, records: this.records, launcher: this.deps.launcher() };
  }

  /** Backs up the bytes read, then replaces the file with `after` unless it changed meanwhile. */
  private write(cfg: LoadedConfig, after: string, reason: string): BackupRecord | null {
    const backup = cfg.bytes ? this.backups.take(cfg.target.def.id, cfg.target.path, cfg.bytes, reason) : null;
    const real = realPathOf(cfg.target.path);
    writeFileAtomic(real, after, {
      expectedHash: cfg.hash,
      mode: 0o600,
      beforeRename: this.deps.beforeRename ? () => this.deps.beforeRename!(cfg.target.path) : undefined,
    });
    return backup;
  }

  protect(input: TargetInput & { servers: string[]; keyId: string }, reason = 'protect'): ClientChange {
    const cfg = loadConfig(this.target(input));
    const { def, path } = cfg.target;
    const plan = planProtect(cfg, input.servers, { ...this.planDeps(), apiKey: this.apiKey(input.keyId) });
    const imported: string[] = [];
    for (const e of plan.entries) {
      if (e.importAs && !this.deps.servers.has(e.server)) {
        this.deps.servers.add(e.importAs);
        imported.push(e.server);
      }
    }
    const restore = this.records.snapshot(def.id, path, input.servers);
    for (const e of plan.entries) {
      const keep = e.original === undefined ? this.records.get(def.id, path, e.server)?.original ?? null : e.original;
      this.records.putPending(def.id, path, e.server, input.keyId, keep);
    }
    let backup: BackupRecord | null = null;
    const changed = plan.after !== plan.before;
    if (changed) {
      try {
        backup = this.write(cfg, plan.after, reason);
      } catch (e) {
        restore();
        throw e;
      }
    }
    for (const e of plan.entries) this.records.setWritten(def.id, path, e.server, e.writtenHash);
    if (changed) {
      this.deps.audit.record({
        action: `client.${reason}`,
        principalType: 'api_key',
        principalId: input.keyId,
        detail: { client: def.id, path, servers: input.servers, backupId: backup?.id ?? null, imported },
      });
    }
    return this.change(cfg.target, changed, backup, input.servers, imported);
  }

  unprotect(input: TargetInput & { servers: string[] }): ClientChange {
    const cfg = loadConfig(this.target(input), { mustExist: true });
    const { def, path } = cfg.target;
    const plan = planUnprotect(cfg, input.servers, this.records);
    const changed = plan.after !== plan.before;
    const backup = changed ? this.write(cfg, plan.after, 'unprotect') : null;
    for (const r of plan.removed) this.records.delete(def.id, path, r.server);
    this.deps.audit.record({ action: 'client.unprotect', detail: { client: def.id, path, servers: input.servers, backupId: backup?.id ?? null } });
    return this.change(cfg.target, changed, backup, input.servers, []);
  }

  private change(target: Target, changed: boolean, backup: BackupRecord | null, servers: string[], imported: string[]): ClientChange {
    const restartRequired = changed && target.def.restartRequired;
    return {
      client: target.def.id,
      path: target.path,
      changed,
      backupId: backup?.id ?? null,
      servers,
      imported,
      restartRequired,
      restartNotice: restartRequired ? `Restart ${target.def.name} to apply.` : null,
    };
  }

  listBackups(filter: { client?: string; configPath?: string }): ClientBackup[] {
    return this.backups.list(filter).map(toBackup);
  }

  /** Puts a backup's bytes back (checksum verified); the current bytes are backed up first. */
  restore(input: { backupId?: string; client?: string; configPath?: string }): ClientChange {
    let id = input.backupId;
    if (!id) {
      if (!input.client) throw new GatehouseError('INVALID_INPUT', 'give a backup id, or a client to restore its newest backup');
      const target = this.target({ client: input.client, configPath: input.configPath });
      id = this.backups.list({ client: target.def.id, configPath: target.path })[0]?.id;
      if (!id) throw new GatehouseError('NOT_FOUND', `no backups of ${target.path} yet`);
    }
    const { record, bytes } = this.backups.read(id);
    const target = this.target({ client: record.client, configPath: record.configPath });
    // The current bytes are backed up raw, even when they do not parse: a good backup may replace a broken file.
    const now = readOrNull(target.path);
    const changed = !now || !now.equals(bytes);
    let backup: BackupRecord | null = null;
    if (changed) {
      backup = now ? this.backups.take(target.def.id, target.path, now, 'before-restore') : null;
      writeFileAtomic(realPathOf(target.path), bytes, {
        expectedHash: now ? sha256(now) : null,
        beforeRename: this.deps.beforeRename ? () => this.deps.beforeRename!(target.path) : undefined,
      });
    }
    this.reconcile(target, bytes.toString('utf8'));
    this.deps.audit.record({ action: 'client.restore', detail: { client: target.def.id, path: target.path, backupId: id } });
    return { ...this.change(target, changed, backup, [], []), restoredFrom: id };
  }

  /** After a restore the file decides: records whose entry is no longer Gatehouse's are dropped. */
  private reconcile(target: Target, text: string): void {
    let entries: Record<string, unknown> = {};
    try {
      entries = parseConfig(text, { format: target.def.format, serversKey: target.def.serversKey, path: target.path }).entries();
    } catch {
      // An unparsable backup: nothing of ours is in it.
    }
    for (const r of this.records.list({ client: target.def.id, configPath: target.path })) {
      const entry = entries[r.server];
      if (entry === undefined || !r.writtenHash || !sameHash(entry, r.writtenHash)) this.records.delete(r.client, r.configPath, r.server);
    }
  }

  pruneBackups(input: { client?: string; configPath?: string; keep: number }): { removed: string[] } {
    return this.backups.prune({ client: input.client, configPath: input.configPath }, input.keep);
  }

  /** Writes Gatehouse's entries again where the client dropped or changed them, with the stored key. */
  reapply(filter: { client?: string; configPath?: string } = {}): ClientRepatchResult {
    return this.forGroups(this.records.list(filter), 'reapply');
  }

  /** After a key rotation: rewrites every entry that uses the key with its new secret. */
  repatchKey(keyId: string): ClientRepatchResult {
    this.deps.keys.get(keyId);
    return this.forGroups(this.records.list({ keyId }), 'repatch');
  }

  private forGroups(records: { client: string; configPath: string; server: string; keyId: string }[], reason: string): ClientRepatchResult {
    const groups = new Map<string, { client: string; configPath: string; keyId: string; servers: string[] }>();
    for (const r of records) {
      const k = `${r.client}\u0000${r.configPath}\u0000${r.keyId}`;
      const g = groups.get(k) ?? { client: r.client, configPath: r.configPath, keyId: r.keyId, servers: [] };
      g.servers.push(r.server);
      groups.set(k, g);
    }
    const out: ClientRepatchResult = { changes: [], errors: [] };
    for (const g of groups.values()) {
      try {
        out.changes.push(this.protect({ client: g.client, configPath: g.configPath, servers: g.servers, keyId: g.keyId }, reason));
      } catch (e) {
        out.errors.push({
          client: g.client,
          path: g.configPath,
          servers: g.servers,
          code: isGatehouseError(e) ? e.code : 'INTERNAL',
          message: e instanceof Error ? e.message : String(e),
        });
      }
    }
    return out;
  }
}

const sameHash = (entry: unknown, hash: string) => entryHash(entry) === hash;

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new GatehouseError('CONFIG_INVALID', `cannot read ${file}: ${(e as Error).message}`);
  }
}
