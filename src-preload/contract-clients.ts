// The MCP client apps part of the admin API contract (spread into `contract` in
// ./contract): detection, protect/unprotect with a diff preview, backups, drift.
import { z } from 'zod';

export const clientIdSchema = z.enum(['claude-desktop', 'cursor', 'vscode', 'windsurf', 'claude-code', 'codex', 'gemini', 'zed'], {
  error: 'a client is one of claude-desktop, cursor, vscode, windsurf, claude-code, codex, gemini, zed',
});
export type ClientIdInput = z.infer<typeof clientIdSchema>;

const keyId = z.string().regex(/^key_[A-Za-z0-9]{8,32}$/, 'not a key id (key_…)');
const serverName = z.string().min(1).max(200);
/** Absolute path of a config; default: where the client keeps its user config on this OS. */
const configPath = z.string().min(1).max(4096).optional();
const target = { client: clientIdSchema, configPath };

export type ClientEntryStatus = 'protected' | 'unprotected' | 'drifted';

/** Which secret of its key a protected entry holds: the current one, a rotated one still in its grace, or one past it. */
export interface ClientEntryKeyState {
  state: 'current' | 'grace' | 'retired' | 'unknown';
  /** Until when a rotated secret keeps working (grace), or since when it stopped (retired). */
  graceUntil: string | null;
}

export interface ClientServerEntry {
  /** The client's own name for the server (its key in the config): any characters. */
  name: string;
  /** The registry name it maps to (letters, digits, _ . -): used in rules and by the guard; null when it cannot be protected. */
  registryName: string | null;
  status: ClientEntryStatus;
  /** Drifted because the entry is gone, was changed, or launches the guard but this data dir has no record of it. */
  driftReason: 'missing' | 'changed' | 'unrecorded' | null;
  transport: 'stdio' | 'http';
  /** Command line or URL, for display. Never env or header values. */
  target: string;
  /** The key a protected (or drifted) entry uses. */
  keyId: string | null;
  /** A server of that name is in Gatehouse's registry. */
  registered: boolean;
  /** Why Protect cannot be offered (a remote server), or null. */
  cannotProtect: string | null;
  /** For an entry that launches the guard: which secret of the key it holds. */
  keySecret: ClientEntryKeyState | null;
}

export interface ClientConfig {
  path: string;
  scope: 'user' | 'project';
  format: 'json' | 'jsonc' | 'toml';
  exists: boolean;
  /** The file could not be read or parsed (CONFIG_INVALID): it is shown, never changed. */
  error: { code: string; message: string } | null;
  servers: ClientServerEntry[];
}

export interface ClientApp {
  id: ClientIdInput;
  name: string;
  /** A config file, its folder, or the client's CLI exists. */
  installed: boolean;
  /** The app reads its config only at start. */
  restartRequired: boolean;
  /** Claude Code's `claude` on PATH (detected only; Gatehouse edits the file). */
  cliPath: string | null;
  /** e.g. several Claude Desktop configs (classic + Store install): pass configPath. */
  warning: string | null;
  configs: ClientConfig[];
}

/** What a protect does to Gatehouse's registry: adds the server, or brings it up to the entry as it is now. */
export interface ClientRegistryChange {
  /** The client's name for the server. */
  server: string;
  registryName: string;
  action: 'add' | 'update';
  /** For an update: each changed field with its old and new value (`args ([…] → […])`); env and header values never shown, only names. */
  changes: string[];
}

export interface ClientPreview {
  client: string;
  path: string;
  /** False when the file already is what protect would write. */
  changed: boolean;
  /** Unified diff; env values, header values and the API key are masked. '' when unchanged. */
  diff: string;
  /** Protect only: what the registry learns from the entries as they are now. */
  registry: ClientRegistryChange[];
}

export interface ClientChange {
  client: string;
  path: string;
  changed: boolean;
  /** The backup of the bytes replaced (null when nothing was written or the file was new). */
  backupId: string | null;
  servers: string[];
  /** Servers added to the registry from the client's entries (their env went to the vault). */
  imported: string[];
  /** Protect: servers added, or updated to the entry as it is now. */
  registry: ClientRegistryChange[];
  /** Unprotect: servers written back from their definition as edited in Gatehouse, not their original text. */
  edited: string[];
  /** Restore: the top-level keys and servers outside Gatehouse's entries that the restore changed. */
  alsoChanged: string[];
  restartRequired: boolean;
  /** e.g. "Restart Claude Desktop to apply." when restartRequired. */
  restartNotice: string | null;
  /** restore only: the backup that was put back. */
  restoredFrom?: string;
}

export interface ClientBackup {
  id: string;
  client: string;
  configPath: string;
  createdAt: string;
  sha256: string;
  size: number;
  /** What the write that followed did: protect, unprotect, reapply, repatch, before-restore. */
  reason: string;
}

export interface ClientRepatchResult {
  changes: ClientChange[];
  errors: { client: string; path: string; servers: string[]; code: string; message: string }[];
}

/** A config whose entries still hold an older secret of a key (after a rotation). */
export interface ClientKeyHolder {
  client: string;
  path: string;
  /** The client's names of the entries holding it. */
  servers: string[];
  /** grace: still works until graceUntil; retired: refused since graceUntil; unknown: not a secret of this data dir. */
  state: 'grace' | 'retired' | 'unknown';
  graceUntil: string | null;
}

export interface FirstRunStatus {
  /** No API key yet and Claude Desktop has servers to protect: offer the two-minute path. */
  needed: boolean;
  hasKeys: boolean;
  claudeDesktop: {
    configPath: string | null;
    warning: string | null;
    error: { code: string; message: string } | null;
    servers: ClientServerEntry[];
    /** Names to tick by default. */
    unprotected: string[];
  } | null;
}

const servers = z.array(serverName).min(1, 'choose at least one server').max(100);

function returns<T>(): T {
  return undefined as T;
}

export const clientsContract = {
  /** Detected client apps, their configs, servers and statuses. projectDirs adds project/workspace configs. */
  'clients.list': {
    input: z.object({ projectDirs: z.array(z.string().min(1)).max(50).optional() }).strict(),
    result: returns<ClientApp[]>(),
  },
  /** What protect would change, as a masked unified diff. Writes nothing. */
  'clients.preview': { input: z.object({ ...target, servers, keyId }).strict(), result: returns<ClientPreview>() },
  'clients.protect': { input: z.object({ ...target, servers, keyId }).strict(), result: returns<ClientChange>() },
  'clients.previewUnprotect': { input: z.object({ ...target, servers }).strict(), result: returns<ClientPreview>() },
  /** Puts the original entries back (secrets from the vault). */
  'clients.unprotect': { input: z.object({ ...target, servers }).strict(), result: returns<ClientChange>() },
  'clients.backups': {
    input: z.object({ client: clientIdSchema.optional(), configPath }).strict(),
    result: returns<ClientBackup[]>(),
  },
  /** A backup back, byte for byte (checksum verified); the current bytes are backed up first. */
  'clients.restore': {
    /** Without backupId: the newest backup of the client's config. */
    input: z.object({ backupId: z.string().min(1).max(100).optional(), client: clientIdSchema.optional(), configPath }).strict(),
    result: returns<ClientChange>(),
  },
  'clients.pruneBackups': {
    input: z.object({ client: clientIdSchema.optional(), configPath, keep: z.number().int().min(0).max(1000) }).strict(),
    result: returns<{ removed: string[] }>(),
  },
  /** Writes Gatehouse's entries again where a client dropped or changed them (drifted), with the stored key. */
  'clients.reapply': {
    input: z.object({ client: clientIdSchema.optional(), configPath }).strict(),
    result: returns<ClientRepatchResult>(),
  },
  /** After keys.rotate: rewrites every client entry that uses the key with its new secret. */
  'clients.repatchKey': { input: z.object({ keyId }).strict(), result: returns<ClientRepatchResult>() },
  /** The configs whose entries still hold an older secret of the key (in its grace or past it). */
  'clients.keyHolders': { input: z.object({ keyId }).strict(), result: returns<ClientKeyHolder[]>() },
  'clients.firstRun': { input: z.object({}).strict(), result: returns<FirstRunStatus>() },
} as const;
