import { statSync } from 'node:fs';
import { join } from 'node:path';
import { keyFileMode, keyFilePath } from '../core/crypto/master-key';
import { redactDatabaseUrl } from '../core/db/database-url';
import { DB_FILE } from '../core/paths';
import { dataDirOf, printJson, withCore, type CommonOptions } from './context';

interface Check {
  name: string;
  ok: boolean;
  level: 'ok' | 'warn' | 'error';
  detail: string;
}

function modeOf(path: string): number | null {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return null;
  }
}
const octal = (m: number) => `0${m.toString(8)}`;

type Status = ReturnType<import('../core').Core['status']>;

/** Which variable gave the key (env source); setting both is refused at start. */
const envKeyName = () => (process.env.GATEHOUSE_MASTER_KEY_FILE ? `the file GATEHOUSE_MASTER_KEY_FILE names (${process.env.GATEHOUSE_MASTER_KEY_FILE})` : 'GATEHOUSE_MASTER_KEY');

function masterKeyCheck(status: Status, dataDir: string): Check {
  if (status.masterKeySource !== 'file') {
    return { name: 'master key', ok: true, level: 'ok', detail: `from ${status.masterKeySource === 'env' ? envKeyName() : 'the OS keychain'}` };
  }
  return {
    name: 'master key',
    ok: false,
    level: 'warn',
    detail: `in the key file ${keyFilePath(dataDir)}: the weakest option (anyone who copies the data dir gets the secrets). Move it with: gatehouse master-key move-to-keychain (or set GATEHOUSE_MASTER_KEY).`,
  };
}

/** Opens the store (the data dir's, or team mode's PostgreSQL): the database, its schema and where the master key comes from. */
async function coreChecks(opts: CommonOptions, dataDir: string): Promise<{ status: Status | null; checks: Check[] }> {
  try {
    const status = await withCore(opts, (core) => core.status());
    const checks: Check[] = [{ name: 'database', ok: true, level: 'ok', detail: `schema ${status.schemaVersion}, Gatehouse ${status.version}` }];
    if (status.readOnly) checks.push({ name: 'schema', ok: false, level: 'warn', detail: status.readOnlyReason ?? 'read-only' });
    checks.push(masterKeyCheck(status, dataDir));
    return { status, checks };
  } catch (e) {
    return { status: null, checks: [{ name: 'database', ok: false, level: 'error', detail: (e as Error).message }] };
  }
}

function modeCheck(name: string, mode: number | null, fix: string): Check | null {
  if (mode === null) return null;
  const open = (mode & 0o077) !== 0;
  return { name, ok: !open, level: open ? 'warn' : 'ok', detail: `${octal(mode)}${open ? `: readable by others; run ${fix} on it` : ''}` };
}

/** Who else may read the data dir, the database and the key file (POSIX modes); in team mode only a key file, if any. */
function permissionChecks(dataDir: string, team: boolean): Check[] {
  if (process.platform === 'win32') return [];
  return [
    team ? null : modeCheck('data dir permissions', modeOf(dataDir), 'chmod 700'),
    team ? null : modeCheck('database permissions', modeOf(join(dataDir, DB_FILE)), 'chmod 600'),
    modeCheck('key file permissions', keyFileMode(dataDir), 'chmod 600'),
  ].filter((c): c is Check => c !== null);
}

/** What a user checks first when something is off: where the data is, which key, which permissions. */
export async function doctor(opts: CommonOptions): Promise<void> {
  const dataDir = dataDirOf(opts);
  // Team mode's store is the PostgreSQL database: named by its URL, never with its password.
  const database = opts.databaseUrl ? redactDatabaseUrl(opts.databaseUrl) : null;
  const { status, checks: opened } = await coreChecks(opts, dataDir);
  const checks = [...opened, ...permissionChecks(dataDir, database !== null)];
  const ok = checks.every((c) => c.level !== 'error');
  if (opts.json) {
    const where = database ? { dataDir: null, database } : { dataDir, database: null };
    printJson({ ok, ...where, schemaVersion: status?.schemaVersion ?? null, masterKeySource: status?.masterKeySource ?? null, checks });
  } else {
    process.stdout.write(`Gatehouse doctor — ${database ? `database ${database}` : `data dir ${dataDir}`}\n`);
    for (const c of checks) process.stdout.write(`  ${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'warn' : 'FAIL'}  ${c.name}: ${c.detail}\n`);
  }
  if (!ok) process.exit(1);
}
