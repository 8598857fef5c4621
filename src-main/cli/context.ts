import { createApi, type AdminApi } from '../api';
import { openCore, type Core } from '../core';
import { isGatehouseError } from '../core/errors';
import { defaultDataDir } from '../core/paths';
import type { Method, Result } from '../../src-preload/contract';

export interface CommonOptions {
  dataDir?: string;
  json?: boolean;
}

export function dataDirOf(opts: CommonOptions): string {
  return opts.dataDir ?? defaultDataDir();
}

/** A failure the user can act on: printed as one line on stderr, non-zero exit. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly code = 'FAILED',
  ) {
    super(message);
  }
}

/** Opens the core for one command and always closes it (flushing the audit log). */
export async function withCore<T>(opts: CommonOptions, fn: (core: Core, api: AdminApi) => Promise<T> | T): Promise<T> {
  const core = openCore({ dataDir: dataDirOf(opts) });
  try {
    return await fn(core, createApi(core));
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

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function fail(e: unknown, json: boolean): never {
  const code = e instanceof CliFailure ? e.code : isGatehouseError(e) ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  const exitCode = e instanceof CliFailure ? e.exitCode : 1;
  if (json) process.stderr.write(JSON.stringify({ error: { code, message } }) + '\n');
  else process.stderr.write(`gatehouse: ${message}\n`);
  if (!(e instanceof CliFailure) && !isGatehouseError(e) && process.env.GATEHOUSE_DEBUG) {
    process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
  }
  process.exit(exitCode);
}

/** Plain table for human output; no dependency. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
