// Every list query the admin API runs is checked against SQLite's plan: an index range,
// never a SCAN of the table, never a temp B-tree to sort the page. At 5M audit rows the
// difference is 2-6 s a page (issue 14); the bench shows the timings, these show why.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src-main/core/db/connection';
import { clientPageSql, liveTokensSql } from '../../src-main/core/oauth/client-pages';
import { liveOfGrantsSql, machineClientsOfSql } from '../../src-main/core/oauth/standing-access';
import { boundList, inPlaceholders, inValues } from '../../src-main/core/db/id-list';
import { auditCountSql, auditPageSql, auditWhere } from '../../src-main/core/audit/query';
import { PER_MINUTE_SQL } from '../../src-main/core/audit/per-minute';
import { PRUNE_SQL } from '../../src-main/core/audit/retention';
import { KEYS_BY_IDS_SQL, keyPageSql, SECRETS_OF_SQL } from '../../src-main/core/keys/pages';
import { toolPageSql } from '../../src-main/core/servers/tool-pages';
import { LIST_SQL as RATE_LIST_SQL } from '../../src-main/core/policy/rate-limiter';
import { encodeCursor } from '../../src-main/core/db/keyset';
import type { AuditFilters } from '../../src-preload/contract-audit';
import type { KeyListQuery } from '../../src-preload/contract-lists';
import { freshCores } from '../helpers/core';

const cores = freshCores();

function plan(db: Database, sql: string, params: Record<string, unknown> | unknown[]): string[] {
  const s = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  return ((Array.isArray(params) ? s.all(...params) : s.all(params)) as { detail: string }[]).map((r) => r.detail);
}

/** A range read: no full scan of `table` (by any alias), no sort of the result. */
function expectRangeRead(lines: string[], table: RegExp) {
  for (const line of lines) {
    expect(line, lines.join(' | ')).not.toMatch(new RegExp(`^SCAN (${table.source})\\b`));
    expect(line, lines.join(' | ')).not.toMatch(/TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/);
  }
}

const DAY = '2026-03-01T00:00:00.000Z';
const auditQueries: [string, AuditFilters & { cursor?: string }][] = [
  ['newest first', {}],
  ['by principal', { principalId: 'key_abcdefgh' }],
  ['by server', { server: 'fs' }],
  ['by tool', { tool: 'read_file' }],
  ['by decision', { decision: 'denied' }],
  ['a time window', { since: DAY, until: '2026-03-01T00:05:00.000Z' }],
  ['since a time', { since: DAY }],
  ['until a time', { until: DAY }],
  ['principal in a window', { principalId: 'key_abcdefgh', since: DAY }],
  ['server and tool', { server: 'fs', tool: 'read_file' }],
  ['principal and decision', { principalId: 'key_abcdefgh', decision: 'denied' }],
  ['every filter', { principalId: 'key_abcdefgh', server: 'fs', tool: 't', decision: 'allowed', since: DAY, until: '2026-03-02T00:00:00.000Z' }],
  ['a later page', { cursor: '1772323200000:42' }],
  ['a later page by principal', { principalId: 'key_abcdefgh', cursor: '1772323200000:42' }],
  ['a later page of a window', { since: DAY, cursor: '1772323200000:42' }],
];

describe('audit query plans', () => {
  for (const [name, filters] of auditQueries) {
    it(`a page ${name} is an index range read in page order`, () => {
      const { core } = cores.open();
      const where = auditWhere(filters);
      expectRangeRead(plan(core.db, auditPageSql(where), { ...where.params, limit: 101 }), /e|audit_events/);
    });

    it(`counting ${name} reads an index range`, () => {
      const { core } = cores.open();
      const where = auditWhere(filters);
      expectRangeRead(plan(core.db, auditCountSql(where), where.params), /e|audit_events/);
    });
  }

  it('the chart reads its window from the ts index', () => {
    const { core } = cores.open();
    const lines = plan(core.db, PER_MINUTE_SQL, [0]);
    expectRangeRead(lines, /audit_events/);
    expect(lines.join(' ')).toContain('USING INDEX audit_events_ts (ts>?)');
  });

  it('retention deletes through the ts index', () => {
    const { core } = cores.open();
    const lines = plan(core.db, PRUNE_SQL, [0, 10]);
    expectRangeRead(lines, /audit_events/);
  });
});

const keyQueries: [string, KeyListQuery][] = [
  ['newest first', {}],
  ['oldest first', { sort: 'oldest' }],
  ['by name', { sort: 'name' }],
  ['by name, descending', { sort: 'name_desc' }],
  ['by name prefix', { search: 'clau' }],
  ['soonest expiry', { sort: 'expiry', expiresBefore: DAY }],
  ['live keys', { live: true }],
  ['a later page', { cursor: encodeCursor([1, 'key_abcdefgh']) }],
  ['a later page by name prefix', { search: 'clau', cursor: encodeCursor(['claude', 'key_abcdefgh']) }],
  ['a later page by expiry', { sort: 'expiry', cursor: encodeCursor([5, 'key_abcdefgh']) }],
];

describe('list query plans', () => {
  for (const [name, q] of keyQueries) {
    it(`keys ${name}: an index range in page order`, () => {
      const { core } = cores.open();
      const built = keyPageSql(q, Date.now());
      expectRangeRead(plan(core.db, built.sql, built.params), /k|api_keys/);
    });
  }

  it("a page's keys and their secrets are read by id, one index look-up each", () => {
    const { core } = cores.open();
    const ids = inValues(['key_a', 'key_b', 'key_c']);
    const list = inPlaceholders(3);
    const secrets = plan(core.db, SECRETS_OF_SQL.replace('IN (…)', `IN (${list})`), ids);
    expectRangeRead(secrets, /api_key_secrets/);
    expect(secrets.join(' | ')).toMatch(/SEARCH api_key_secrets USING INDEX api_key_secrets_key \(key_id=\?\)/);
    const keys = plan(core.db, KEYS_BY_IDS_SQL.replace('IN (…)', `IN (${list})`), ids);
    expect(keys.join(' | ')).toMatch(/SEARCH api_keys USING INDEX sqlite_autoindex_api_keys_1 \(id=\?\)/);
  });

  for (const [name, q] of [
    ['newest first', {}],
    ['by name prefix', { search: 'cla' }],
    ['a later page', { cursor: encodeCursor([1, 'ghc_x']) }],
  ] as const) {
    it(`OAuth clients ${name}: an index range in page order`, () => {
      const { core } = cores.open();
      const built = clientPageSql(q);
      expectRangeRead(plan(core.db, built.sql, built.params), /m|oauth_client_meta/);
    });
  }

  for (const [name, q] of [
    ['of every server', {}],
    ['by name prefix', { search: 'read' }],
    ['a later page', { cursor: encodeCursor(['read', 'srv_x']) }],
  ] as const) {
    it(`tools ${name}: an index range in page order`, () => {
      const { core } = cores.open();
      const built = toolPageSql(q);
      expectRangeRead(plan(core.db, built.sql, built.params), /t|server_tools/);
    });
  }

  it("what a page's OAuth clients and grants hold (live tokens, machine access) is read for them only, by index", () => {
    const { core } = cores.open();
    const ids = boundList(['ghc_a', 'ghc_b', 'ghc_c']);
    const tokens = plan(core.db, liveTokensSql(ids), { ...ids.params, now: 1 });
    expectRangeRead(tokens, /t|g|oauth_issued_tokens|oauth_models/);
    expect(tokens.join(' | ')).toMatch(/SEARCH t USING INDEX oauth_issued_tokens_client .*SEARCH oauth_models USING INDEX oauth_models_client/);
    expect(plan(core.db, machineClientsOfSql(ids), ids.params).join(' | ')).toMatch(/SEARCH oauth_models USING INDEX oauth_models_client \(client_id=\? AND model=\?\)/);
    expect(plan(core.db, liveOfGrantsSql(ids), { ...ids.params, now: 1 }).join(' | ')).toMatch(/SEARCH oauth_issued_tokens USING INDEX oauth_issued_tokens_grant/);
  });

  it('the Rate limits screen reads the most recent buckets from their index', () => {
    const { core } = cores.open();
    expectRangeRead(plan(core.db, RATE_LIST_SQL, [50]), /rate_buckets/);
  });
});
