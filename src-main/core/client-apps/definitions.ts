// The MCP client apps Gatehouse can protect, as data: where each keeps its config on
// each OS, the file format, the key that holds the servers map, how a stdio entry is
// written, and whether the app must restart to pick up a change. Everything that
// touches the file system takes a PathEnv, so tests point detection at a temp HOME.
import { homedir } from 'node:os';
import path from 'node:path';
import { claudeDesktopCandidates, type PathEnv } from './claude-desktop-path';

export type { PathEnv };

export const clientIds = ['claude-desktop', 'cursor', 'vscode', 'windsurf', 'claude-code', 'codex', 'gemini', 'zed'] as const;
export type ClientId = (typeof clientIds)[number];
export type ConfigFormat = 'json' | 'jsonc' | 'toml';

export interface ClientDefinition {
  id: ClientId;
  name: string;
  format: ConfigFormat;
  /** Top-level key (TOML: table) that maps server names to entries. */
  serversKey: string;
  /** Candidate user-level config files, most likely first. Several existing at once is ambiguous only when `oneOf`. */
  userPaths(p: PathEnv): string[];
  /** Several user paths may exist, but the app uses exactly one (Claude Desktop: %APPDATA% vs MSIX). */
  oneOf?: boolean;
  /** A project/workspace config under a project folder, when the client has one. */
  projectPath?(projectDir: string, p: PathEnv): string;
  /** Folders whose existence means the app is installed even without a config file. */
  markers(p: PathEnv): string[];
  /** Keys that make an entry remote (a URL instead of a command). */
  remoteKeys: string[];
  /** Keys written before command/args/env in a stdio entry (VS Code's `type`). */
  stdioPrefix?: Record<string, string>;
  /** The app reads its config only at start. */
  restartRequired: boolean;
  /** An executable on PATH through which the client prefers to be configured (detected only). */
  cli?: string;
  /** Whether the app itself accepts remote (url) entries. */
  acceptsRemote: boolean;
}

export function currentPathEnv(): PathEnv {
  return { platform: process.platform, home: homedir(), env: process.env };
}

function p(env: PathEnv): path.PlatformPath {
  return env.platform === 'win32' ? path.win32 : path.posix;
}

/** %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME elsewhere. */
function appConfigDir(e: PathEnv): string {
  const j = p(e).join;
  if (e.platform === 'win32') return e.env.APPDATA ?? j(e.home, 'AppData', 'Roaming');
  if (e.platform === 'darwin') return j(e.home, 'Library', 'Application Support');
  return e.env.XDG_CONFIG_HOME ?? j(e.home, '.config');
}

const xdgConfig = (e: PathEnv) => e.env.XDG_CONFIG_HOME ?? p(e).join(e.home, '.config');

export const CLIENTS: readonly ClientDefinition[] = [
  {
    id: 'claude-desktop',
    name: 'Claude Desktop',
    format: 'json',
    serversKey: 'mcpServers',
    userPaths: (e) => claudeDesktopCandidates(e),
    oneOf: true,
    markers: (e) => claudeDesktopCandidates(e).map((f) => p(e).dirname(f)),
    remoteKeys: ['url'],
    restartRequired: true,
    acceptsRemote: false,
  },
  {
    id: 'cursor',
    name: 'Cursor',
    format: 'json',
    serversKey: 'mcpServers',
    userPaths: (e) => [p(e).join(e.home, '.cursor', 'mcp.json')],
    projectPath: (dir, e) => p(e).join(dir, '.cursor', 'mcp.json'),
    markers: (e) => [p(e).join(e.home, '.cursor')],
    remoteKeys: ['url'],
    restartRequired: false,
    acceptsRemote: true,
  },
  {
    id: 'vscode',
    name: 'VS Code',
    format: 'jsonc',
    serversKey: 'servers',
    userPaths: (e) => [p(e).join(appConfigDir(e), 'Code', 'User', 'mcp.json')],
    projectPath: (dir, e) => p(e).join(dir, '.vscode', 'mcp.json'),
    markers: (e) => [p(e).join(appConfigDir(e), 'Code', 'User')],
    remoteKeys: ['url'],
    stdioPrefix: { type: 'stdio' },
    restartRequired: false,
    acceptsRemote: true,
  },
  {
    id: 'windsurf',
    name: 'Windsurf',
    format: 'json',
    serversKey: 'mcpServers',
    userPaths: (e) => [p(e).join(e.home, '.codeium', 'windsurf', 'mcp_config.json')],
    markers: (e) => [p(e).join(e.home, '.codeium', 'windsurf')],
    remoteKeys: ['serverUrl', 'url'],
    restartRequired: false,
    acceptsRemote: true,
  },
  {
    id: 'claude-code',
    name: 'Claude Code',
    format: 'json',
    serversKey: 'mcpServers',
    userPaths: (e) => [p(e).join(e.home, '.claude.json')],
    projectPath: (dir, e) => p(e).join(dir, '.mcp.json'),
    // Not the home folder itself: it always exists.
    markers: (e) => [p(e).join(e.home, '.claude')],
    remoteKeys: ['url'],
    restartRequired: true,
    cli: 'claude',
    acceptsRemote: true,
  },
  {
    id: 'codex',
    name: 'Codex CLI',
    format: 'toml',
    serversKey: 'mcp_servers',
    userPaths: (e) => [p(e).join(e.env.CODEX_HOME ?? p(e).join(e.home, '.codex'), 'config.toml')],
    markers: (e) => [e.env.CODEX_HOME ?? p(e).join(e.home, '.codex')],
    remoteKeys: ['url'],
    restartRequired: true,
    acceptsRemote: true,
  },
  {
    id: 'gemini',
    name: 'Gemini CLI',
    format: 'json',
    serversKey: 'mcpServers',
    userPaths: (e) => [p(e).join(e.home, '.gemini', 'settings.json')],
    projectPath: (dir, e) => p(e).join(dir, '.gemini', 'settings.json'),
    markers: (e) => [p(e).join(e.home, '.gemini')],
    remoteKeys: ['httpUrl', 'url'],
    restartRequired: true,
    acceptsRemote: true,
  },
  {
    id: 'zed',
    name: 'Zed',
    format: 'jsonc',
    serversKey: 'context_servers',
    userPaths: (e) => [
      e.platform === 'win32' ? p(e).join(appConfigDir(e), 'Zed', 'settings.json') : p(e).join(xdgConfig(e), 'zed', 'settings.json'),
    ],
    markers: (e) => [e.platform === 'win32' ? p(e).join(appConfigDir(e), 'Zed') : p(e).join(xdgConfig(e), 'zed')],
    remoteKeys: ['url'],
    restartRequired: false,
    acceptsRemote: true,
  },
];

export function clientById(id: string): ClientDefinition | undefined {
  return CLIENTS.find((c) => c.id === id);
}

/** The stdio entry a client's config gets for a command: the same keys for every client but VS Code's `type`. */
export function stdioEntry(
  def: ClientDefinition,
  launch: { command: string; args: string[]; env: Record<string, string> },
): Record<string, unknown> {
  return { ...(def.stdioPrefix ?? {}), command: launch.command, args: launch.args, env: launch.env };
}

/** The URL of a remote entry, or null for a stdio entry. */
export function remoteUrlOf(def: ClientDefinition, entry: unknown): string | null {
  if (!entry || typeof entry !== 'object') return null;
  const e = entry as Record<string, unknown>;
  if (typeof e.command === 'string') return null;
  for (const k of def.remoteKeys) if (typeof e[k] === 'string') return e[k];
  return null;
}
