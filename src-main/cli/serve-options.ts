// `gatehouse serve`'s flags, checked before anything opens: each refusal names the flag
// and the fix. A service reached from other machines sits behind a load balancer that
// ends TLS; Gatehouse itself speaks plain http, so binding beyond loopback needs the
// public https URL the load balancer answers at.
import { isLogLevel, type LogFormat, type LogLevel } from '../core/log';
import { isLoopbackHost } from '../http/request-guard';
import { parsePublicUrl, type PublicUrl } from '../http/public-origin';
import { resolveDatabaseFlags, type DatabaseFlags } from './database-options';
import { CliFailure } from './errors';

export interface ServeFlags extends DatabaseFlags {
  dataDir: string;
  host: string;
  port: number;
  json: boolean;
  publicUrl?: string;
  trustProxy?: boolean;
  logFormat?: string;
  logLevel?: string;
  drainSeconds?: number;
}

export interface ServeConfig {
  dataDir: string;
  host: string;
  port: number;
  json: boolean;
  publicUrl: PublicUrl | null;
  trustProxy: boolean;
  logFormat: LogFormat;
  logLevel: LogLevel;
  drainMs: number;
  /** Team mode (issue 17): the store is a shared database; the master key comes from the environment only. */
  databaseUrl: string | null;
  /** Team mode: statement_timeout in ms (0: none). */
  statementTimeoutMs: number;
  /** Team mode: connections this replica opens (core/db/team-connections.ts). */
  databasePoolSize: number;
}

export const DEFAULT_DRAIN_SECONDS = 10;

const invalid = (message: string) => new CliFailure(message, 2, 'INVALID_INPUT');

export function resolveServeFlags(f: ServeFlags): ServeConfig {
  if (!Number.isInteger(f.port) || f.port < 0 || f.port > 65535) {
    throw invalid('--port must be a number from 0 to 65535 (0 picks a free port)');
  }
  const publicUrl = publicUrlOf(f.publicUrl);
  checkReach(f.host, publicUrl, Boolean(f.trustProxy));
  const logFormat = logFormatOf(f.logFormat, publicUrl);
  const database = resolveDatabaseFlags(f);
  return {
    dataDir: f.dataDir,
    host: f.host,
    port: f.port,
    json: f.json,
    publicUrl,
    trustProxy: Boolean(f.trustProxy),
    logFormat,
    // Text goes to a person's terminal: warnings only, as before. JSON goes to a collector.
    logLevel: logLevelOf(f.logLevel, logFormat === 'json' ? 'info' : 'warn'),
    drainMs: drainMsOf(f.drainSeconds),
    ...database,
  };
}

function publicUrlOf(raw: string | undefined): PublicUrl | null {
  if (raw === undefined || raw === '') return null;
  try {
    return parsePublicUrl(raw);
  } catch (e) {
    throw invalid((e as Error).message);
  }
}

function checkReach(host: string, publicUrl: PublicUrl | null, trustProxy: boolean): void {
  if (trustProxy && !publicUrl) {
    throw invalid('--trust-proxy needs --public-url: say which https URL the load balancer answers at, e.g. --public-url https://gatehouse.example.com');
  }
  if (isLoopbackHost(host) || publicUrl?.secure) return;
  throw invalid(
    `--host ${host} is not a loopback address, so other machines could reach Gatehouse over plain http. ` +
      'Put it behind a load balancer that ends TLS and give its URL with --public-url https://gatehouse.example.com ' +
      `(add --trust-proxy if the load balancer sends X-Forwarded-Host/-Proto), or bind --host 127.0.0.1.` +
      (publicUrl ? ` (--public-url ${publicUrl.origin} is not https.)` : ''),
  );
}

function logFormatOf(raw: string | undefined, publicUrl: PublicUrl | null): LogFormat {
  if (raw === undefined) return publicUrl ? 'json' : 'text';
  if (raw === 'json' || raw === 'text') return raw;
  throw invalid(`--log-format must be json or text (got ${JSON.stringify(raw)})`);
}

function logLevelOf(raw: string | undefined, fallback: LogLevel): LogLevel {
  if (raw === undefined) return fallback;
  if (isLogLevel(raw)) return raw;
  throw invalid(`--log-level must be debug, info, warn or error (got ${JSON.stringify(raw)})`);
}

function drainMsOf(seconds: number | undefined): number {
  const s = seconds ?? DEFAULT_DRAIN_SECONDS;
  if (!Number.isFinite(s) || s < 0 || s > 3600) {
    throw invalid('--drain-seconds must be a number of seconds from 0 to 3600 (how long calls in flight may finish on SIGTERM)');
  }
  return Math.round(s * 1000);
}
