// Config backups are sealed with the vault (issue 11, observation 3): the env secrets
// `clients patch` moved into the vault are not left in the clear under backups/; a
// restore opens the backup and puts the bytes back exactly; a backup moved to another
// name or copied to another data dir does not open; backups an older Gatehouse wrote in
// the clear are sealed at start; temp files are 0600 while written and swept at start.
import { chmodSync, copyFileSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src-main/core/client-apps/atomic-write';
import { createClientAppService } from '../../src-main/core/client-apps';
import { clientsEnv, FIXTURES, LAUNCHER, type ClientsEnv } from '../helpers/clients';
import { openTestCore, tmpDir } from '../helpers/core';

const CLAUDE = '.config/Claude/claude_desktop_config.json';
const SECRET = 'ghp_exampleexampleexampleexample0000';
const ORIGINAL = readFileSync(join(FIXTURES, 'claude_desktop_config.basic.json'));

let env: ClientsEnv;
afterEach(() => env?.cleanup());

const backupFiles = () => readdirSync(join(env.dir, 'data', 'backups', 'claude-desktop')).map((n) => join(env.dir, 'data', 'backups', 'claude-desktop', n));

describe('sealed config backups', () => {
  it('hold no secret in the clear, and a restore gives the original bytes back exactly', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    const [backup] = backupFiles();
    const stored = readFileSync(backup!);
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex'), 'mcpServers']) {
      expect(stored.includes(form), form).toBe(false);
    }
    expect(stored.subarray(0, 34).toString()).toBe('gatehouse sealed config backup v1\n');
    expect(statSync(backup!).mode & 0o777).toBe(0o600);
    env.service.restore({ client: 'claude-desktop' });
    expect(env.read(file).equals(ORIGINAL)).toBe(true);
  });

  it('a backup renamed, or copied into another data dir, does not open; neither does a damaged one', () => {
    env = clientsEnv();
    env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    const [first] = env.service.listBackups({});
    const record = env.service.backups.get(first!.id);
    const moved = join(dirname(record.file), `x-${basename(record.file)}`);
    renameSync(record.file, moved);
    copyFileSync(moved, record.file.replace(/\d{3}Z/, '999Z')); // a file of another name in its place
    env.core.db.prepare('UPDATE client_backups SET file = ? WHERE id = ?').run(moved, first!.id);
    expect(() => env.service.restore({ backupId: first!.id })).toThrow(/does not match its checksum/);

    // The same bytes under the right name, in a data dir with another key: no.
    const other = tmpDir();
    const { core } = openTestCore(other.dir);
    try {
      const service = createClientAppService(core, { launcher: LAUNCHER, paths: env.service.paths });
      const taken = service.backups.take('claude-desktop', '/x/claude_desktop_config.json', Buffer.from('{}'), 'test');
      copyFileSync(moved, taken.file);
      core.db.prepare('UPDATE client_backups SET sha256 = ? WHERE id = ?').run(record.sha256, taken.id);
      expect(() => service.backups.read(taken.id)).toThrow(/does not match its checksum/);
    } finally {
      core.close();
      other.cleanup();
    }
  });

  it('backups an older Gatehouse wrote in the clear are sealed at the next start, and still restore exactly', () => {
    env = clientsEnv();
    const file = env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    const [b] = env.service.listBackups({});
    const record = env.service.backups.get(b!.id);
    // As schema 9 and before left it: the plain bytes, sealed = 0.
    writeFileSync(record.file, ORIGINAL);
    env.core.db.prepare('UPDATE client_backups SET sealed = 0 WHERE id = ?').run(b!.id);

    const restarted = createClientAppService(env.core, { launcher: LAUNCHER, paths: env.service.paths });
    expect(readFileSync(record.file).includes(SECRET)).toBe(false);
    expect((env.core.db.prepare('SELECT sealed FROM client_backups WHERE id = ?').get(b!.id) as { sealed: number }).sealed).toBe(1);
    restarted.restore({ backupId: b!.id });
    expect(env.read(file).equals(ORIGINAL)).toBe(true);
  });
});

describe('temp files', () => {
  it('are 0600 for a new file; a file that keeps 0644 gets its mode back only once its bytes are whole', () => {
    const t = tmpDir();
    try {
      const target = join(t.dir, 'config.json');
      writeFileSync(target, 'old');
      chmodSync(target, 0o644);
      let tmpMode = -1;
      writeFileAtomic(target, 'new, with a secret', {
        beforeRename: () => {
          const tmp = readdirSync(t.dir).find((n) => n.endsWith('.tmp'))!;
          tmpMode = statSync(join(t.dir, tmp)).mode & 0o777;
        },
      });
      // Set on the whole temp file just before the rename (it is opened 0600).
      expect(tmpMode).toBe(0o644);
      expect(statSync(target).mode & 0o777).toBe(0o644);
      const fresh = join(t.dir, 'fresh.json');
      writeFileAtomic(fresh, 'x', {
        beforeRename: () => {
          const tmp = readdirSync(t.dir).find((n) => n.startsWith('.fresh.json.gatehouse-'))!;
          tmpMode = statSync(join(t.dir, tmp)).mode & 0o777;
        },
      });
      expect(tmpMode).toBe(0o600);
    } finally {
      t.cleanup();
    }
  });

  it('left by a killed writer are deleted when the backup store starts; a live writer\'s are kept', () => {
    env = clientsEnv();
    env.place('claude_desktop_config.basic.json', CLAUDE);
    env.service.protect({ client: 'claude-desktop', servers: ['github'], keyId: env.keyId });
    const dir = dirname(backupFiles()[0]!);
    // A pid that is not alive (beyond pid_max), and this process's own.
    const dead = join(dir, '.2026-01-01T00-00-00-000Z-abcdef-claude_desktop_config.json.gatehouse-4194999-0badc0de.tmp');
    const live = join(dir, `.2026-01-01T00-00-00-000Z-abcdef-claude_desktop_config.json.gatehouse-${process.pid}-0badc0de.tmp`);
    writeFileSync(dead, 'half a sealed backup');
    writeFileSync(live, 'a sealed backup being written');
    createClientAppService(env.core, { launcher: LAUNCHER, paths: env.service.paths });
    const names = readdirSync(dir);
    expect(names).not.toContain(basename(dead));
    expect(names).toContain(basename(live));
  });
});
