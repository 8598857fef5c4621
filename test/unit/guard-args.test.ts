// `gatehouse guard`'s own argument parser: team mode's store comes from --database-url or
// GATEHOUSE_DATABASE_URL, as for every command that opens the store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitGlobals } from '../../src-main/cli/argv';
import { CliFailure } from '../../src-main/cli/errors';
import { parseGuardArgs } from '../../src-main/cli/guard-command';

const URL_A = 'postgres://gatehouse@127.0.0.1:5432/a';
const URL_B = 'postgres://gatehouse@127.0.0.1:5432/b';

describe('guard arguments', () => {
  it('takes the database from --database-url, else from GATEHOUSE_DATABASE_URL; the flag wins', () => {
    expect(parseGuardArgs(['--server', 's', '--database-url', URL_A], { GATEHOUSE_DATA_DIR: '/d' })).toEqual({ server: 's', dataDir: '/d', databaseUrl: URL_A, statementTimeoutMs: 30_000 });
    expect(parseGuardArgs(['--server', 's', `--database-url=${URL_A}`], { GATEHOUSE_DATA_DIR: '/d' })).toMatchObject({ databaseUrl: URL_A });
    expect(parseGuardArgs(['--server', 's'], { GATEHOUSE_DATA_DIR: '/d', GATEHOUSE_DATABASE_URL: URL_B })).toMatchObject({ databaseUrl: URL_B });
    expect(parseGuardArgs(['--server', 's', '--database-url', URL_A], { GATEHOUSE_DATA_DIR: '/d', GATEHOUSE_DATABASE_URL: URL_B })).toMatchObject({ databaseUrl: URL_A });
  });

  it('without either (or with an empty env value), SQLite in the data dir: no databaseUrl', () => {
    expect(parseGuardArgs(['--server', 's'], { GATEHOUSE_DATA_DIR: '/d' })).toEqual({ server: 's', dataDir: '/d' });
    expect(parseGuardArgs(['--server', 's'], { GATEHOUSE_DATA_DIR: '/d', GATEHOUSE_DATABASE_URL: '' })).toEqual({ server: 's', dataDir: '/d' });
  });

  it('refuses --database-url without a value, naming the flag', () => {
    expect(() => parseGuardArgs(['--server', 's', '--database-url'], {})).toThrow(/--database-url needs a value/);
    expect(() => parseGuardArgs(['--database-url', '--server', 's'], {})).toThrow(/--database-url needs a value/);
  });

  it('takes --database-url written before `guard`, as for every command', () => {
    const { globals, rest } = splitGlobals(['--database-url', URL_A, '--json', 'guard', '--server', 's']);
    expect(rest).toEqual(['guard', '--server', 's']);
    expect(parseGuardArgs([...globals, ...rest.slice(1)], { GATEHOUSE_DATA_DIR: '/d' })).toEqual({ server: 's', dataDir: '/d', databaseUrl: URL_A, statementTimeoutMs: 30_000 });
    expect(splitGlobals([`--database-url=${URL_B}`, 'guard']).globals).toEqual([`--database-url=${URL_B}`]);
  });

  it('takes the statement timeout and pool size as every command does (flag, env twin), and refuses them without a database', () => {
    const env = { GATEHOUSE_DATA_DIR: '/d' };
    expect(parseGuardArgs(['--server', 's', '--database-url', URL_A, '--database-statement-timeout', '5000'], env)).toMatchObject({ statementTimeoutMs: 5000 });
    expect(parseGuardArgs(['--server', 's'], { ...env, GATEHOUSE_DATABASE_URL: URL_A, GATEHOUSE_DATABASE_STATEMENT_TIMEOUT: '0' })).toMatchObject({ statementTimeoutMs: 0 });
    expect(parseGuardArgs(['--server', 's', '--database-url', URL_A, '--database-pool-size=1'], env)).toMatchObject({ databaseUrl: URL_A });
    expect(() => parseGuardArgs(['--server', 's', '--database-statement-timeout', '5000'], env)).toThrow(/applies to team mode only: give --database-url/);
    expect(() => parseGuardArgs(['--server', 's', '--database-url', URL_A, '--database-pool-size', '9'], env)).toThrow(/--database-pool-size must be 1, 2 or 3/);
    expect(() => parseGuardArgs(['--server', 's', 'constructor'], env)).toThrow(/unknown option constructor/);
    const { globals, rest } = splitGlobals(['--database-url', URL_A, '--database-statement-timeout', '700', 'guard', '--server', 's']);
    expect(parseGuardArgs([...globals, ...rest.slice(1)], env)).toMatchObject({ databaseUrl: URL_A, statementTimeoutMs: 700 });
  });

  it('any argv either parses to a server and a data dir or is refused with exit 2 and the usage; nothing else escapes', () => {
    const word = fc.oneof(
      fc.constantFrom('--server', '--data-dir', '--database-url', '--database-statement-timeout', '--database-pool-size', '--max-message-bytes',
        '--request-timeout', '--help', 'constructor', '__proto__', '--__proto__', '--toString', '=', '--', ''),
      fc.string(),
      fc.integer().map(String),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.option(fc.constantFrom(URL_A, '', 'x'), { nil: undefined }), (argv, envUrl) => {
        try {
          const r = parseGuardArgs(argv, { GATEHOUSE_DATA_DIR: '/d', ...(envUrl === undefined ? {} : { GATEHOUSE_DATABASE_URL: envUrl }) });
          if (r === 'help') return;
          expect(typeof r.server).toBe('string');
          expect(r.server.length).toBeGreaterThan(0);
          expect(typeof r.dataDir).toBe('string');
          expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
        } catch (e) {
          expect(e).toBeInstanceOf(CliFailure);
          expect((e as CliFailure).exitCode).toBe(2);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
