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

/** The admin methods that answer a page of a list and the cursor of the next one. */
type PagedMethod = { [M in Method]: Result<M> extends { nextCursor: string | null } ? M : never }[Method];

/** Every row of a paged admin list, page by page (the CLI prints whole lists; the admin API never returns one). */
export async function allPages<M extends PagedMethod, T>(api: AdminApi, method: M, input: object, rowsOf: (page: Result<M>) => T[]): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(api, method, { ...input, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...rowsOf(page));
    cursor = (page as { nextCursor: string | null }).nextCursor ?? undefined;
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

/** A list as every list command prints it: JSON with --json, what to do when there is nothing yet, else a table. */
export function printList<T>(opts: CommonOptions, rows: T[], view: { none: string; headers: string[]; cells: (row: T) => string[]; json?: unknown }): void {
  if (opts.json) return printJson(view.json ?? rows);
  if (rows.length === 0) return void process.stdout.write(`${view.none}\n`);
  process.stdout.write(table(view.headers, rows.map(view.cells)));
}
