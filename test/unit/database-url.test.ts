// --database-url: only PostgreSQL URLs pass, each refusal names the form to give, and
// no message ever shows the password, whatever characters it holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from '../../src-main/core/db/database-url';

describe('--database-url', () => {
  it('takes postgres:// and postgresql:// URLs as given', () => {
    expect(parseDatabaseUrl(' postgres://gate:pw@db.internal:5432/gatehouse ')).toBe('postgres://gate:pw@db.internal:5432/gatehouse');
    expect(parseDatabaseUrl('postgresql://gate@db/gatehouse?sslmode=require')).toBe('postgresql://gate@db/gatehouse?sslmode=require');
  });

  it('refuses anything else with the expected form in the message', () => {
    for (const bad of [undefined, '', '   ', 'db.internal:5432', 'mysql://root:pw@db/x', 'file:///tmp/x.db', 'sqlite:gatehouse.db']) {
      expect(() => parseDatabaseUrl(bad), String(bad)).toThrow(/postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/);
    }
    expect(() => parseDatabaseUrl('mysql://root:pw@db/x')).toThrow(/got a mysql: URL.*SQLite in the data dir/);
  });

  it('never shows the password, in the user part or in a query parameter', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 30 }), fc.constantFrom('postgres', 'postgresql'), (password, scheme) => {
        const enc = encodeURIComponent(password);
        for (const url of [`${scheme}://gate:${enc}@db:5432/gh`, `${scheme}://gate@db/gh?password=${enc}`]) {
          const shown = new URL(redactDatabaseUrl(url));
          expect([shown.password, shown.searchParams.get('password')]).toContain('***');
          expect([shown.password, shown.searchParams.get('password')]).not.toContain(enc);
          expect(`${shown.protocol}//${shown.username}@${shown.hostname}${shown.pathname}`).toBe(`${scheme}://gate@db/gh`);
        }
      }),
    );
    expect(redactDatabaseUrl('postgres://gate@db/gh')).toBe('postgres://gate@db/gh');
    expect(redactDatabaseUrl('not a url with p@ss')).toBe('(an unparseable URL)');
  });
});
