import { InvalidArgumentError } from 'commander';
import type { RateLimit, Rule } from '../../src-preload/contract';
import { rulePatternSchema } from '../../src-preload/contract';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "90s", "15m", "24h", "7d", "2w", or "0" → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhdw]?)$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not a duration like 30d, 24h, 15m or 0`);
  return Number(m[1]) * UNIT_SECONDS[m[2] || 's']!;
}

/**
 * --expires: a duration, or "never". The word stays a word here: commander turns a
 * parser's null into an empty string, which the API then refused as "expected number".
 */
export function parseExpiry(text: string): number | 'never' {
  if (text.trim().toLowerCase() === 'never') return 'never';
  const seconds = parseDuration(text);
  if (seconds < 60) throw new InvalidArgumentError('--expires must be at least 1m (or "never")');
  return seconds;
}

const WINDOWS: Record<string, RateLimit['window']> = {
  s: 'second', sec: 'second', second: 'second',
  m: 'minute', min: 'minute', minute: 'minute',
  h: 'hour', hour: 'hour',
};

/** "100/min" → { limit: 100, window: 'minute' }. */
export function parseRate(text: string): RateLimit {
  const m = /^(\d+)\s*\/\s*([a-z]+)$/.exec(text.trim().toLowerCase());
  const window = m ? WINDOWS[m[2]!] : undefined;
  if (!m || !window || Number(m[1]) < 1) {
    throw new InvalidArgumentError(`"${text}" is not a rate like 60/min, 10/sec or 1000/hour`);
  }
  return { limit: Number(m[1]), window };
}

export function parseRulePattern(text: string): string {
  const r = rulePatternSchema.safeParse(text);
  if (!r.success) throw new InvalidArgumentError(r.error.issues[0]?.message ?? 'invalid rule');
  return r.data;
}

export function collect<T>(parse: (s: string) => T) {
  return (value: string, previous: T[] = []): T[] => [...previous, parse(value)];
}

export function rulesFrom(allow: string[] = [], deny: string[] = []): Rule[] {
  return [
    ...allow.map((pattern): Rule => ({ effect: 'allow', pattern })),
    ...deny.map((pattern): Rule => ({ effect: 'deny', pattern })),
  ];
}

/** "K=V" → [K, V]; the value may contain "=". */
export function parsePair(text: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError(`"${text}" is not NAME=VALUE`);
  return [text.slice(0, i), text.slice(i + 1)];
}

/** "Name: value" or "Name=value" → [Name, value]. */
export function parseHeader(text: string): [string, string] {
  const m = /^([^:=\s]+)\s*[:=]\s*(.*)$/.exec(text);
  if (!m) throw new InvalidArgumentError(`"${text}" is not "Header: value"`);
  return [m[1]!, m[2]!];
}

/** --since: an ISO time, or a duration back from now (15m, 24h, 7d). */
export function parseSince(text: string, now = Date.now()): string {
  if (/^\d+\s*[smhdw]$/.test(text.trim())) return new Date(now - parseDuration(text) * 1000).toISOString();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new InvalidArgumentError(`"${text}" is neither a time (2026-01-31T12:00:00Z) nor a duration (24h)`);
  return new Date(t).toISOString();
}

export function parseDecision(text: string): 'allowed' | 'denied' | 'rate_limited' | 'error' {
  if (text === 'allowed' || text === 'denied' || text === 'rate_limited' || text === 'error') return text;
  throw new InvalidArgumentError('--decision is one of allowed, denied, rate_limited, error');
}

export function parseAuditFormat(text: string): 'table' | 'csv' | 'json' | 'ndjson' {
  if (text === 'table' || text === 'csv' || text === 'json' || text === 'ndjson') return text;
  throw new InvalidArgumentError('--format is one of table, csv, json, ndjson');
}

export function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('--limit is a whole number from 1 to 1000 (--all for every event)');
  return n;
}
