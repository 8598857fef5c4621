// `gatehouse guard`'s own argument parser: team mode's store comes from --database-url or
// GATEHOUSE_DATABASE_URL, as for every command that opens the store.
import { describe, expect, it } from 'vitest';
import { splitGlobals } from '../../src-main/cli/argv';
import { parseGuardArgs } from '../../src-main/cli/guard-command';

const URL_A = 'postgres://gatehouse@127.0.0.1:5432/a';
const URL_B = 'postgres://gatehouse@127.0.0.1:5432/b';

describe('guard arguments', () => {
  it('takes the database from --database-url, else from GATEHOUSE_DATABASE_URL; the flag wins', () => {
    expect(parseGuardArgs(['--server', 's', '--database-url', URL_A], { GATEHOUSE_DATA_DIR: '/d' })).toEqual({ server: 's', dataDir: '/d', databaseUrl: URL_A });
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
    expect(parseGuardArgs([...globals, ...rest.slice(1)], { GATEHOUSE_DATA_DIR: '/d' })).toEqual({ server: 's', dataDir: '/d', databaseUrl: URL_A });
    expect(splitGlobals([`--database-url=${URL_B}`, 'guard']).globals).toEqual([`--database-url=${URL_B}`]);
  });
});
