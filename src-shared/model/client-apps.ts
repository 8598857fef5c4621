// The MCP client apps Gatehouse patches, as the core, the admin API and the screens see them.

export const clientAppIds = ['claude-desktop', 'cursor', 'vscode', 'windsurf', 'claude-code', 'codex', 'gemini', 'zed'] as const;
export type ClientAppId = (typeof clientAppIds)[number];

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
  id: ClientAppId;
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
