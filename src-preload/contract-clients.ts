// The MCP client apps part of the admin API contract (spread into `contract` in
// ./contract): detection, protect/unprotect with a diff preview, backups, drift.
import { z } from 'zod';
import { clientAppIds, type ClientApp, type ClientBackup, type ClientChange, type ClientKeyHolder, type ClientPreview, type ClientRepatchResult, type FirstRunStatus } from '../src-shared/model/client-apps';
import { KEY_ID_RE } from '../src-shared/model/names';

export type * from '../src-shared/model/client-apps';

export const clientIdSchema = z.enum(clientAppIds, {
  error: 'a client is one of claude-desktop, cursor, vscode, windsurf, claude-code, codex, gemini, zed',
});
export type ClientIdInput = z.infer<typeof clientIdSchema>;

const keyId = z.string().regex(KEY_ID_RE, 'not a key id (key_…)');
const serverName = z.string().min(1).max(200);
/** Absolute path of a config; default: where the client keeps its user config on this OS. */
const configPath = z.string().min(1).max(4096).optional();
const target = { client: clientIdSchema, configPath };

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
