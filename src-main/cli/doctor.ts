import { statSync } from 'node:fs';
import { join } from 'node:path';
import { keyFileMode, keyFilePath } from '../core/crypto/master-key';
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

/** What a user checks first when something is off: where the data is, which key, which permissions. */
export async function doctor(opts: CommonOptions): Promise<void> {
  const dataDir = dataDirOf(opts);
  const checks: Check[] = [];
  let status: ReturnType<import('../core').Core['status']> | null = null;
  try {
    status = await withCore(opts, (core) => core.status());
    checks.push({ name: 'database', ok: true, level: 'ok', detail: `schema ${status.schemaVersion}, Gatehouse ${status.version}` });
    if (status.readOnly) checks.push({ name: 'schema', ok: false, level: 'warn', detail: status.readOnlyReason ?? 'read-only' });
    checks.push(
      status.masterKeySource === 'file'
        ? {
            name: 'master key',
            ok: false,
            level: 'warn',
            detail: `in the key file ${keyFilePath(dataDir)}: the weakest option (anyone who copies the data dir gets the secrets). Move it with: gatehouse master-key move-to-keychain (or set GATEHOUSE_MASTER_KEY).`,
          }
        : { name: 'master key', ok: true, level: 'ok', detail: `from ${status.masterKeySource === 'env' ? 'GATEHOUSE_MASTER_KEY' : 'the OS keychain'}` },
    );
  } catch (e) {
    checks.push({ name: 'database', ok: false, level: 'error', detail: (e as Error).message });
  }
  const dirMode = modeOf(dataDir);
  if (process.platform !== 'win32') {
    if (dirMode !== null) {
      const open = (dirMode & 0o077) !== 0;
      checks.push({ name: 'data dir permissions', ok: !open, level: open ? 'warn' : 'ok', detail: `${octal(dirMode)}${open ? ': readable by others; run chmod 700 on it' : ''}` });
    }
    for (const [name, mode] of [
      ['database permissions', modeOf(join(dataDir, DB_FILE))],
      ['key file permissions', keyFileMode(dataDir)],
    ] as const) {
      if (mode === null) continue;
      const open = (mode & 0o077) !== 0;
      checks.push({ name, ok: !open, level: open ? 'warn' : 'ok', detail: `${octal(mode)}${open ? ': readable by others; run chmod 600 on it' : ''}` });
    }
  }
  const ok = checks.every((c) => c.level !== 'error');
  if (opts.json) {
    printJson({ ok, dataDir, schemaVersion: status?.schemaVersion ?? null, masterKeySource: status?.masterKeySource ?? null, checks });
  } else {
    process.stdout.write(`Gatehouse doctor — data dir ${dataDir}\n`);
    for (const c of checks) process.stdout.write(`  ${c.level === 'ok' ? 'ok  ' : c.level === 'warn' ? 'warn' : 'FAIL'}  ${c.name}: ${c.detail}\n`);
  }
  if (!ok) process.exit(1);
}
