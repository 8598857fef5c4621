// Paging the audit log: every event that matches, exactly once, newest first by (ts, id),
// however the pages are cut, whatever the filters, with timestamps out of id order (a
// guard's queued events reach SQLite after another process's newer ones).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countAudit, exportAuditChunk, queryAudit } from '../../src-main/core/audit/query';
import { assembleExport } from '../../src-shared/model/audit-format';
import type { AuditEntry, AuditFilters } from '../../src-preload/contract-audit';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const BASE = Date.parse('2026-03-01T10:00:00Z');

const eventArb = fc.record({
  dt: fc.integer({ min: 0, max: 40 }), // seconds after BASE: many share a second, some share a ms
  principalId: fc.constantFrom('key_aaaaaaaa', 'key_bbbbbbbb', null),
  server: fc.constantFrom('fs', 'github', null),
  tool: fc.constantFrom('read', 'write', null),
  decision: fc.constantFrom('allowed', 'denied', 'rate_limited', null),
});

const filtersArb: fc.Arbitrary<AuditFilters> = fc.record(
  {
    principalId: fc.constantFrom('key_aaaaaaaa', 'key_bbbbbbbb'),
    server: fc.constantFrom('fs', 'github'),
    tool: fc.constantFrom('read', 'write'),
    decision: fc.constantFrom('allowed', 'denied', 'rate_limited' as const),
    since: fc.integer({ min: 0, max: 40 }).map((s) => new Date(BASE + s * 1000).toISOString()),
    until: fc.integer({ min: 0, max: 40 }).map((s) => new Date(BASE + s * 1000).toISOString()),
  },
  { requiredKeys: [] },
);

function matches(e: AuditEntry, f: AuditFilters): boolean {
  const t = Date.parse(e.ts);
  return (
    (!f.principalId || e.principalId === f.principalId) &&
    (!f.server || e.server === f.server) &&
    (!f.tool || e.tool === f.tool) &&
    (!f.decision || e.decision === f.decision) &&
    (!f.since || t >= Date.parse(f.since)) &&
    (!f.until || t < Date.parse(f.until))
  );
}

describe('audit pages', () => {
  it('return every matching event once, newest first, for any filters and page size', () => {
    const { core } = cores.open();
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), filtersArb, fc.integer({ min: 1, max: 7 }), (events, filters, size) => {
        core.db.exec('DELETE FROM audit_events');
        for (const e of events) core.audit.record({ ts: BASE + e.dt * 1000, action: 'mcp.request', principalType: 'api_key', ...e });
        core.audit.flush();
        const all = queryAudit(core.db, { limit: 1000 }).events;
        const expected = all.filter((e) => matches(e, filters));
        const got: AuditEntry[] = [];
        let cursor: string | undefined;
        do {
          const page = queryAudit(core.db, { ...filters, limit: size, ...(cursor ? { cursor } : {}) });
          expect(page.events.length).toBeLessThanOrEqual(size);
          got.push(...page.events);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
        // Newest first by time, ties by id.
        for (let i = 1; i < got.length; i++) {
          const [a, b] = [got[i - 1]!, got[i]!];
          expect(a.ts > b.ts || (a.ts === b.ts && a.id > b.id)).toBe(true);
        }
        expect(countAudit(core.db, filters)).toBe(expected.length);
      }),
      { numRuns: 80 },
    );
  });

  it('put an event recorded late with an older time in its place by time, not by id', () => {
    const { core } = cores.open();
    core.audit.record({ ts: BASE + 2000, action: 'newer, written first' });
    core.audit.record({ ts: BASE + 1000, action: 'older, written late' });
    core.audit.flush();
    const first = queryAudit(core.db, { limit: 1 });
    expect(first.events.map((e) => e.action)).toEqual(['newer, written first']);
    expect(queryAudit(core.db, { limit: 1, cursor: first.nextCursor! }).events.map((e) => e.action)).toEqual(['older, written late']);
  });

  it('refuse a cursor that is not one', () => {
    const { core } = cores.open();
    expect(() => queryAudit(core.db, { cursor: '99999999999999999999:1' })).toThrow(/not an audit cursor/);
  });

  it('export a whole range in chunks that join into one file, every row once', () => {
    const { core } = cores.open();
    for (let i = 0; i < 23; i++) core.audit.record({ ts: BASE + i, action: 'mcp.request', server: i % 2 ? 'fs' : 'github', tool: `t,"${i}"` });
    core.audit.flush();
    for (const format of ['csv', 'json', 'ndjson'] as const) {
      const chunks: string[] = [];
      let cursor: string | undefined;
      let rows = 0;
      do {
        const c = exportAuditChunk(core.db, { server: 'fs', format, limit: 5, ...(cursor ? { cursor } : {}) });
        chunks.push(c.text);
        rows += c.rows;
        cursor = c.nextCursor ?? undefined;
      } while (cursor);
      const file = assembleExport(format, chunks);
      expect(rows).toBe(11);
      if (format === 'csv') {
        const lines = file.trimEnd().split('\r\n');
        expect(lines).toHaveLength(12);
        expect(lines[1]).toContain('"t,""21"""');
      } else if (format === 'json') {
        const parsed = JSON.parse(file) as AuditEntry[];
        expect(parsed.map((e) => e.tool)).toEqual(Array.from({ length: 11 }, (_, i) => `t,"${21 - 2 * i}"`));
      } else {
        expect(file.trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditEntry).server)).toEqual(Array(11).fill('fs'));
      }
    }
  });
});
