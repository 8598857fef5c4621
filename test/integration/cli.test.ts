import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src-main/core/db/migrations';
import { masterKey, tmpDir } from '../helpers/core';
import { ENGINES, serveEngines } from './engine-serve';

const engines = serveEngines();

describe.each(ENGINES)('on %s', (engine) => {
  // The real built CLI (npm test builds first), on one data dir while `serve` runs on it.
  const t = tmpDir();
  const env: NodeJS.ProcessEnv = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: masterKey() };
  let serve: ChildProcess;

  function gh(args: string[], extraEnv: Record<string, string> = {}, input?: string) {
    const r = spawnSync(process.execPath, ['bin/gatehouse', ...args], { env: { ...env, ...extraEnv }, input, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
  }

  beforeAll(async () => {
    const url = await engines.databaseUrl(engine);
    if (url) {
      env.GATEHOUSE_DATABASE_URL = url;
      expect(gh(['migrate']).code).toBe(0);
    }
    serve = spawn(process.execPath, ['bin/gatehouse', 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      serve.stdout!.once('data', () => resolve());
      serve.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
  });
  afterAll(() => {
    serve?.kill('SIGTERM');
    t.cleanup();
  });

  // Each test spawns the CLI several times: generous timeouts for a loaded 2-core machine.
  describe('gatehouse CLI', { timeout: 120_000 }, () => {
    it('creates, lists, shows, rotates, verifies and revokes a key', () => {
      const created = gh(['keys', 'create', '--name', 'ci', '--allow', 'everything:*', '--deny', 'everything:get-env', '--rate', '60/min', '--expires', '7d', '--json']);
      expect(created.code).toBe(0);
      const { id, key, rules, rateLimit, expiresAt } = created.json();
      expect(key).toMatch(/^ghk_/);
      expect(rules).toEqual([{ effect: 'allow', pattern: 'everything:*' }, { effect: 'deny', pattern: 'everything:get-env' }]);
      expect(rateLimit).toEqual({ limit: 60, window: 'minute' });
      expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);

      const list = gh(['keys', 'list', '--json']).json();
      expect(list.map((k: { id: string }) => k.id)).toContain(id);
      expect(JSON.stringify(list)).not.toContain(key);
      const human = gh(['keys', 'list']);
      expect(human.out).toMatch(/ID\s+NAME\s+PREFIX\s+STATUS/);
      expect(human.out).toContain('ci');

      expect(gh(['keys', 'verify'], { GATEHOUSE_API_KEY: key }).out).toContain(`valid: ci (${id})`);
      const rotated = gh(['keys', 'rotate', id, '--grace', '0', '--json']).json();
      expect(rotated.key).not.toBe(key);
      const old = gh(['keys', 'verify', '--json'], {}, `${key}\n`);
      expect(old.code).toBe(3);
      expect(old.json()).toMatchObject({ ok: false, reason: 'rotated' });
      expect(gh(['keys', 'show', id]).out).toMatch(/status:\s+active/);

      expect(gh(['keys', 'revoke', id]).out).toContain('Revoked ci');
      const revoked = gh(['keys', 'verify'], { GATEHOUSE_API_KEY: rotated.key });
      expect(revoked.code).toBe(3);
      expect(revoked.err).toContain('refused (revoked)');
    });

    it('creates a key that never expires with --expires never, and refuses a lifetime under a minute', () => {
      const created = gh(['keys', 'create', '--name', 'forever', '--allow', 'everything:*', '--expires', 'never', '--json']);
      expect(created.code).toBe(0);
      expect(created.json().expiresAt).toBeNull();
      expect(gh(['keys', 'show', created.json().id]).out).toMatch(/expires:\s+never/);
      const short = gh(['keys', 'create', '--name', 'brief', '--allow', 'everything:*', '--expires', '30s']);
      expect(short.code).not.toBe(0);
      expect(short.err).toContain('--expires must be at least 1m (or "never")');
    });

    it('takes rules for resources and prompts, and names the fix for a rule that is cut short', () => {
      const created = gh(['keys', 'create', '--name', 'reader', '--allow', 'docs:resource:file:///srv/docs/*', '--allow', 'docs:prompt:summar*', '--deny', 'docs:resource:*.key', '--json']);
      expect(created.code).toBe(0);
      expect(created.json().rules).toEqual([
        { effect: 'allow', pattern: 'docs:resource:file:///srv/docs/*' },
        { effect: 'allow', pattern: 'docs:prompt:summar*' },
        { effect: 'deny', pattern: 'docs:resource:*.key' },
      ]);
      const short = gh(['keys', 'create', '--name', 'bad', '--allow', 'docs:resource:']);
      expect(short.code).not.toBe(0);
      expect(short.err).toContain('give the URI glob after "docs:resource:", for example docs:resource:*');
      expect(short.err).not.toMatch(/\n\s+at /);
    });

    it('explains bad input with a non-zero exit and no stack trace', () => {
      const bad = gh(['keys', 'create', '--name', 'x', '--allow', 'no-colon']);
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('SERVER:TOOLGLOB');
      const rate = gh(['keys', 'create', '--name', 'x', '--rate', 'fast']);
      expect(rate.err).toContain('is not a rate like 60/min');
      const missing = gh(['keys', 'show', 'key_doesnotexist00', '--json']);
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.err)).toEqual({
        error: { code: 'NOT_FOUND', message: expect.stringMatching(/^no API key has the id or name "key_doesnotexist00".* List them with: gatehouse keys list$/) },
      });
      expect(missing.err).not.toContain('    at ');
    });

    it('keys create warns about rules that reach nothing, and refuses a key that allows nothing without --allow-nothing', () => {
      expect(gh(['servers', 'add', 'notes', '--command', process.execPath, '--arg', 'test/fixtures/servers/echo.mjs']).code).toBe(0);
      expect(gh(['servers', 'discover', 'notes']).code).toBe(0);
      const none = gh(['keys', 'create', '--name', 'empty']);
      expect(none.code).toBe(2);
      expect(none.err).toContain('this key would allow nothing: it has no --allow rule');
      expect(none.err).toContain('--allow-nothing');
      const typo = gh(['keys', 'create', '--name', 'typo', '--allow', 'ntoes:*']);
      expect(typo.code).toBe(2);
      expect(typo.err).toContain('did you mean notes:*?');
      const tool = gh(['keys', 'create', '--name', 'tool', '--allow', 'notes:ecko']);
      expect(tool.code).toBe(2);
      expect(tool.err).toContain('notes:ecko matches no tool of notes; did you mean notes:echo?');
      // Resources and prompts by their own rules: a prompt rule is checked against the server's prompts.
      const prompt = gh(['keys', 'create', '--name', 'prompt', '--allow', 'notes:prompt:echo']);
      expect(prompt.code).toBe(2);
      expect(prompt.err).toContain('warning: notes:prompt:echo matches no prompt of notes');
      expect(prompt.err).toContain('match nothing (no tool, resource or prompt) of the servers they name');
      // A whole kind means later ones too: no warning where the server has none today.
      const whole = gh(['keys', 'create', '--name', 'whole', '--allow', 'notes:echo', '--allow', 'notes:resource:*', '--allow', 'notes:prompt:*', '--json']);
      expect(whole.code).toBe(0);
      expect(whole.err).toBe('');
      // A server to be added later: created, with the warning.
      const later = gh(['keys', 'create', '--name', 'later', '--allow', 'calendar:*', '--json']);
      expect(later.code).toBe(0);
      expect(later.err).toContain('warning: calendar:* names no registered server');
      expect(later.json().warnings).toEqual([expect.stringContaining('calendar:* names no registered server')]);
      const forced = gh(['keys', 'create', '--name', 'empty', '--allow-nothing', '--json']);
      expect(forced.code).toBe(0);
      expect(forced.json().rules).toEqual([]);
      expect(gh(['keys', 'list', '--json']).json().map((k: { name: string }) => k.name)).not.toContain('typo');
      gh(['servers', 'remove', 'notes']);
    });

    it('admin-link prints a one-time sign-in link for the running serve', async () => {
      const link = gh(['admin-link', '--json']);
      expect(link.code).toBe(0);
      const { admin_url: url } = link.json() as { admin_url: string };
      const first = await fetch(url, { redirect: 'manual' });
      expect(first.status).toBe(303);
      expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/);
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
      // With nothing answering at the recorded address it says how to start one. SQLite
      // only: on PostgreSQL the address serve recorded lives in the shared database, so a
      // CLI on another data dir rightly finds the running serve.
      if (engine === 'postgres') return;
      const elsewhere = tmpDir();
      try {
        const none = gh(['admin-link'], { GATEHOUSE_DATA_DIR: elsewhere.dir });
        expect(none.code).toBe(1);
        expect(none.err).toContain('start one with `gatehouse serve`');
      } finally {
        elsewhere.cleanup();
      }
    });

    it('a wrong master key is refused with the fix named', () => {
      const r = gh(['keys', 'list'], { GATEHOUSE_MASTER_KEY: masterKey() });
      expect(r.code).toBe(1);
      // Named as the user knows it: the data dir, or the database (its password never shown).
      expect(r.err).toContain(engine === 'sqlite' ? 'does not open this data dir' : 'does not open this database (postgres://');
      expect(r.err).toContain('GATEHOUSE_MASTER_KEY');
    });

    it('registers a server, discovers its tools, lists and removes it', () => {
      const everything = join(process.cwd(), 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
      const added = gh(['servers', 'add', 'everything', '--command', process.execPath, '--arg', everything, '--arg', 'stdio', '--env', 'API_TOKEN=s3cret=x', '--json']);
      expect(added.code).toBe(0);
      expect(added.json()).toMatchObject({ name: 'everything', envNames: ['API_TOKEN'] });
      expect(added.out).not.toContain('s3cret');
      const discovered = gh(['servers', 'discover', 'everything', '--json']);
      expect(discovered.code).toBe(0);
      const tools = discovered.json().tools as { name: string; annotations: Record<string, boolean> }[];
      expect(tools.map((x) => x.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
      // Resources, templates and prompts too: the Permissions screen lays rules over them.
      const { resources, prompts } = discovered.json() as { resources: { kind: string; name: string }[]; prompts: { name: string }[] };
      expect(resources).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'resource', name: 'demo://resource/static/document/architecture.md' }),
          expect.objectContaining({ kind: 'resource_template', name: 'demo://resource/dynamic/text/{resourceId}' }),
        ]),
      );
      expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['simple-prompt', 'args-prompt']));
      expect(gh(['servers', 'list']).out).toMatch(/everything\s+stdio/);
      expect(gh(['servers', 'remove', 'everything']).code).toBe(0);
      expect(gh(['servers', 'list', '--json']).json()).toEqual([]);
    });

    it('reports a server that fails to start with its stderr, within the timeout', () => {
      const script = join(t.dir, 'broken.sh');
      writeFileSync(script, '#!/bin/sh\necho "config file missing: /etc/broken.conf" >&2\nexit 3\n');
      chmodSync(script, 0o755);
      gh(['servers', 'add', 'broken', '--command', script]);
      const r = gh(['servers', 'discover', 'broken']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('could not list the tools of broken');
      expect(r.err).toContain('config file missing: /etc/broken.conf');
      expect(gh(['servers', 'list', '--json']).json()[0].discoveryError).toContain('config file missing');
    });

    it('shows the audit log, filtered', () => {
      const r = gh(['audit', '--since', '1h', '--json']);
      expect(r.code).toBe(0);
      const actions = r.json().events.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['key.create', 'key.rotate', 'key.revoke', 'server.add']));
      expect(gh(['audit', '--decision', 'maybe']).err).toContain('--decision is one of');
    });

    it('doctor reports where the data is, the schema, the key source and permissions', () => {
      const r = gh(['doctor', '--json']);
      expect(r.code).toBe(0);
      const d = r.json();
      expect(d).toMatchObject({ ok: true, masterKeySource: 'env', schemaVersion: migrations.at(-1)!.id });
      const names = d.checks.map((c: { name: string }) => c.name);
      if (engine === 'sqlite') {
        expect(d).toMatchObject({ dataDir: t.dir, database: null });
        expect(names).toEqual(expect.arrayContaining(['database', 'master key', 'database permissions']));
      } else {
        // Team mode names the database (password redacted) and has no data dir or file to check.
        expect(d).toMatchObject({ dataDir: null, database: expect.stringMatching(/^postgres:\/\//) });
        expect(names).toEqual(expect.arrayContaining(['database', 'master key']));
        expect(names).not.toContain('database permissions');
      }
    });

    // Linux only: with no D-Bus session, the real @napi-rs/keyring cannot reach a Secret
    // Service, so nothing lands in the keychain of whoever runs the tests. SQLite only: the
    // key file and the keychain are the desktop's; team mode takes the key from the
    // environment (GATEHOUSE_MASTER_KEY or GATEHOUSE_MASTER_KEY_FILE).
    it.runIf(process.platform === 'linux' && engine === 'sqlite')('master-key move-to-keychain without a keychain: a clear refusal, the key file untouched', () => {
      const own = tmpDir();
      try {
        const noKeychain = { GATEHOUSE_DATA_DIR: own.dir, GATEHOUSE_MASTER_KEY: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/gatehouse-test' };
        const doctor = gh(['doctor', '--json'], noKeychain).json();
        expect(doctor.masterKeySource).toBe('file');
        expect(doctor.checks).toContainEqual(expect.objectContaining({ name: 'master key', level: 'warn', detail: expect.stringContaining('gatehouse master-key move-to-keychain') }));
        const before = readFileSync(join(own.dir, 'master.key'));
        const r = gh(['master-key', 'move-to-keychain'], noKeychain);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/no OS keychain answered on this machine .*Secret Service.*The master key stays in the key file; nothing was changed/);
        expect(readFileSync(join(own.dir, 'master.key')).equals(before)).toBe(true);
        // With the key from the environment there is no file to move.
        const fromEnv = gh(['master-key', 'move-to-keychain'], { ...noKeychain, GATEHOUSE_MASTER_KEY: before.toString('utf8').trim() });
        expect(fromEnv.code).toBe(1);
        expect(fromEnv.err).toContain('it comes from the GATEHOUSE_MASTER_KEY environment variable');
      } finally {
        own.cleanup();
      }
    });
  });
});
