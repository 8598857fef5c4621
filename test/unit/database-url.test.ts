// --database-url: only PostgreSQL URLs pass, each refusal names the form to give, and
// no message ever shows the password, whatever characters it holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionTarget, parseDatabaseUrl, redactDatabaseUrl } from '../../src-main/core/db/database-url';

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

  it('refuses timeouts in the URL, naming --database-statement-timeout: they would override the one set per connection (none for migrations)', () => {
    for (const q of ['statement_timeout=5000', 'query_timeout=5000', 'lock_timeout=100', 'idle_in_transaction_session_timeout=1000', 'options=-c%20statement_timeout%3D5000']) {
      expect(() => parseDatabaseUrl(`postgres://gate:pw@db/gh?${q}`), q).toThrow(/remove it from the URL and give --database-statement-timeout <ms> \(or GATEHOUSE_DATABASE_STATEMENT_TIMEOUT\) instead/);
    }
    // libpq's other parameters pass as given (the driver reads them).
    const url = 'postgres://gate@db/gh?sslmode=require&application_name=replica-a&options=-c%20search_path%3Dgh';
    expect(parseDatabaseUrl(url)).toBe(url);
  });

  it("names each connection after the URL's application_name (default gatehouse) and its role, and hands the driver the URL without it", () => {
    expect(connectionTarget('postgres://gate:pw@db/gh')).toEqual({ url: 'postgres://gate:pw@db/gh', applicationName: 'gatehouse' });
    expect(connectionTarget('postgres://gate:pw@db/gh', 'reads')).toEqual({ url: 'postgres://gate:pw@db/gh', applicationName: 'gatehouse reads' });
    expect(connectionTarget('postgres://gate:pw@db/gh?application_name=replica-a&sslmode=require', 'change feed')).toEqual({
      url: 'postgres://gate:pw@db/gh?sslmode=require',
      applicationName: 'replica-a change feed',
    });
    expect(connectionTarget('postgres://gate@db/gh?application_name=', 'migrate').applicationName).toBe('gatehouse migrate');
  });
});

