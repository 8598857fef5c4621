// The Audit screen's filters, read back from the URL: only what the screen understands.
import { describe, expect, it } from 'vitest';
import { parseAuditSearch, sinceIso } from './audit-search';

describe('audit search in the URL', () => {
  it('keeps the known filters, trimmed', () => {
    expect(parseAuditSearch({ principal: ' ci ', server: 'fs', tool: 'read_file', decision: 'denied', since: '1h' }))
      .toEqual({ principal: 'ci', server: 'fs', tool: 'read_file', decision: 'denied', since: '1h' });
  });

  it('drops unknown keys, unknown decisions and periods, blanks and non-strings', () => {
    expect(parseAuditSearch({ decision: 'maybe', since: '2y', principal: '   ', server: 42, tool: ['x'], extra: 'x' })).toEqual({});
  });

  it('caps each text at its length (principal and server 100, tool 200)', () => {
    const out = parseAuditSearch({ principal: 'p'.repeat(150), server: 's'.repeat(150), tool: 't'.repeat(250) });
    expect([out.principal!.length, out.server!.length, out.tool!.length]).toEqual([100, 100, 200]);
  });

  it('turns a period into the instant it starts from, on the clock given', () => {
    const now = Date.parse('2026-01-02T00:00:00.000Z');
    expect(sinceIso('1h', now)).toBe('2026-01-01T23:00:00.000Z');
    expect(sinceIso('7d', now)).toBe('2025-12-26T00:00:00.000Z');
    expect(sinceIso(undefined, now)).toBeUndefined();
  });
});
