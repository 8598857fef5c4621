import { createApi, type AdminApi } from '../api';
import { openCore, type Core } from '../core';
import { masterKeyProviders } from '../core/crypto/master-key-sources';
import { explainFailure } from '../core/db/failures';
import { defaultDataDir } from '../core/paths';
import type { Method, Result } from '../../src-preload/contract';
import { resolveDatabaseFlags, type DatabaseFlags } from './database-options';
import { CliFailure } from './errors';

export { CliFailure };

export interface CommonOptions extends DatabaseFlags {
  dataDir?: string;
  json?: boolean;
}

export function dataDirOf(opts: CommonOptions): string {
  return opts.dataDir ?? defaultDataDir();
}

/** Opens the core for one command and always closes it (flushing the audit log). */
export async function withCore<T>(opts: CommonOptions, fn: (core: Core, api: AdminApi) => Promise<T> | T): Promise<T> {
  const dataDir = dataDirOf(opts);
  const database = resolveDatabaseFlags(opts);
  // Team mode's master key comes from the environment only, as serve's does.
  const core = openCore({ dataDir, ...database, ...(database.databaseUrl ? { masterKeyProviders: masterKeyProviders({ dataDir, service: true }) } : {}) });
  // What a command records outside an admin call (e.g. keys verify) is by the CLI too.
  core.audit.defaultActor = 'cli';
  try {
    return await fn(core, createApi(core));
  } catch (e) {
    // A full disk, a read-only data dir or a busy database met outside the admin API.
    throw explainFailure(e, dataDir);
  } finally {
    core.close();
  }
}

/** Calls an admin API method as the CLI; an API error becomes a CliFailure. */
export async function call<M extends Method>(api: AdminApi, method: M, input: unknown): Promise<Result<M>> {
  const res = await api.dispatch(method, input, { actor: 'cli' });
  if ('error' in res) throw new CliFailure(res.error.message, 1, res.error.code);
  return res.data as Result<M>;
}

/** Every row of a paged admin list, page by page (the CLI prints whole lists; the admin API never returns one). */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<{ rows: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.rows);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** An ISO time as a person reads it: `2026-01-31 12:00:00Z`; '-' for none. */
export const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Plain table for human output; no dependency. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
