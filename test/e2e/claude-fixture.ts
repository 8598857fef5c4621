// A Claude Desktop config for the client e2e tests (clients, first run, overview): the
// shared basic fixture with its npx commands replaced by the echo MCP server of this
// repo, so discovery works here, and the github entry's env secret kept.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './admin-harness';

import { FIXTURES } from '../helpers/fixtures';

export { FIXTURES };
export const ECHO = join(ROOT, 'test/fixtures/servers/echo.mjs');
export const GITHUB_SECRET = 'ghp_exampleexampleexampleexample0000';

/** Where Claude Desktop keeps its config on Linux, under a HOME without XDG_CONFIG_HOME. */
export function claudeConfigPath(home: string): string {
  return join(home, '.config', 'Claude', 'claude_desktop_config.json');
}

/** Writes the basic fixture, runnable here, and returns its exact bytes. */
export function writeClaudeConfig(home: string): Buffer {
  const doc = JSON.parse(readFileSync(join(FIXTURES, 'claude_desktop_config.basic.json'), 'utf8')) as {
    mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
  };
  for (const entry of Object.values(doc.mcpServers)) {
    entry.command = process.execPath;
    entry.args = [ECHO];
  }
  if (doc.mcpServers.github?.env?.GITHUB_PERSONAL_ACCESS_TOKEN !== GITHUB_SECRET) throw new Error('fixture changed: github secret');
  const bytes = Buffer.from(`${JSON.stringify(doc, null, 2)}\n`);
  const path = claudeConfigPath(home);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

/** Claude Desktop rewriting its file with only preferences (seen in the wild): Gatehouse's entries are gone. */
export function writePreferencesOnly(home: string): void {
  writeFileSync(claudeConfigPath(home), readFileSync(join(FIXTURES, 'claude_desktop_config.preferences-only.json')));
}
