// Restore puts a backup back byte for byte, and says what that changes outside
// Gatehouse's own entries (a setting or a server the user changed since the backup), so
// a restore never undoes someone's later edit silently.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { clientsEnv, type ClientsEnv } from '../helpers/clients';

let env: ClientsEnv;
afterEach(() => env?.cleanup());

describe('restore', () => {
  it('names the settings and servers outside Gatehouse’s entries that the backup changes', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', '.config/Claude/claude_desktop_config.json');
    const original = env.read(file);
    const change = env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    // Since then: the user changed a preference and added a server.
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j.preferences.sidebarMode = 'code';
    j.mcpServers.added = { command: 'new' };
    writeFileSync(file, JSON.stringify(j, null, 2));

    const restored = env.service.restore({ backupId: change.backupId! });
    expect(restored.alsoChanged.sort()).toEqual(['mcpServers.added', 'preferences']);
    expect(env.read(file).equals(original)).toBe(true);
    // Undoing that restore (its own backup, the newest): github's guard entry is no longer
    // recorded as Gatehouse's after the first restore, so it is named too.
    const back = env.service.restore({ client: 'claude-desktop' });
    expect(back.alsoChanged.sort()).toEqual(['mcpServers.added', 'mcpServers.github', 'preferences']);
  });

  it('a restore that only undoes Gatehouse’s own entry reports nothing else', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', '.config/Claude/claude_desktop_config.json');
    const change = env.service.protect({ client: 'claude-desktop', servers: ['github', 'filesystem'], keyId: env.keyId });
    expect(env.service.restore({ backupId: change.backupId! }).alsoChanged).toEqual([]);
    expect(env.service.records.list()).toEqual([]);
    expect(env.read(file).toString('utf8')).toContain('ghp_example');
  });
});
