import { describe, expect, it } from 'vitest';
import { resolveServeFlags, type ServeFlags } from '../../src-main/cli/serve-options';

const base: ServeFlags = { dataDir: '/d', host: '127.0.0.1', port: 7337, json: false };
const refusal = (f: Partial<ServeFlags>) => {
  try {
    resolveServeFlags({ ...base, ...f });
  } catch (e) {
    return { message: (e as Error).message, exitCode: (e as { exitCode: number }).exitCode };
  }
  throw new Error('accepted');
};

describe('serve flags', () => {
  it('keep loopback serving as it was: text logs at warn, no public URL, a 10 s drain', () => {
    expect(resolveServeFlags(base)).toEqual({ ...base, publicUrl: null, trustProxy: false, logFormat: 'text', logLevel: 'warn', drainMs: 10_000, databaseUrl: null, statementTimeoutMs: 30_000, databasePoolSize: 3 });
  });

  it('log JSON at info by default behind a public URL, and take explicit choices', () => {
    expect(resolveServeFlags({ ...base, publicUrl: 'https://gh.example.test' })).toMatchObject({ logFormat: 'json', logLevel: 'info', publicUrl: { origin: 'https://gh.example.test' } });
    expect(resolveServeFlags({ ...base, publicUrl: 'https://gh.example.test', logFormat: 'text', logLevel: 'debug', drainSeconds: 2.5 })).toMatchObject({ logFormat: 'text', logLevel: 'debug', drainMs: 2500 });
  });

  it('refuse a non-loopback host without an https public URL, naming the flags and the way out', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'gatehouse.internal']) {
      for (const publicUrl of [undefined, 'http://gh.example.test']) {
        const r = refusal({ host, publicUrl });
        expect(r.exitCode).toBe(2);
        expect(r.message).toContain(`--host ${host} is not a loopback address`);
        expect(r.message).toContain('--public-url https://');
        expect(r.message).toContain('--host 127.0.0.1');
      }
      expect(resolveServeFlags({ ...base, host, publicUrl: 'https://gh.example.test' }).host).toBe(host);
    }
    expect(resolveServeFlags({ ...base, host: 'localhost', publicUrl: 'http://localhost:8080' }).publicUrl?.secure).toBe(false);
  });

  it('refuse --trust-proxy alone, and bad values, each naming its flag', () => {
    expect(refusal({ trustProxy: true }).message).toMatch(/^--trust-proxy needs --public-url/);
    expect(refusal({ publicUrl: 'https://gh.example.test/sub' }).message).toMatch(/^--public-url must be an origin only/);
    expect(refusal({ logFormat: 'yaml' }).message).toMatch(/^--log-format must be json or text/);
    expect(refusal({ logLevel: 'loud' }).message).toMatch(/^--log-level must be/);
    for (const drainSeconds of [-1, Number.NaN, 3601]) expect(refusal({ drainSeconds }).message).toMatch(/^--drain-seconds must be/);
    expect(refusal({ port: 70000 }).message).toMatch(/^--port must be/);
  });

  describe('team mode: --database-statement-timeout and --database-pool-size (and their GATEHOUSE_DATABASE_* twins)', () => {
    const team = { databaseUrl: 'postgres://gate:pw@db/gh' };

    it('default to a 30 s statement timeout and 3 connections, and take explicit values (strings from the command line or the environment)', () => {
      expect(resolveServeFlags({ ...base, ...team })).toMatchObject({ databaseUrl: team.databaseUrl, statementTimeoutMs: 30_000, databasePoolSize: 3 });
      expect(resolveServeFlags({ ...base, ...team, databaseStatementTimeout: '5000', databasePoolSize: ' 1 ' })).toMatchObject({ statementTimeoutMs: 5000, databasePoolSize: 1 });
      expect(resolveServeFlags({ ...base, ...team, databaseStatementTimeout: '0', databasePoolSize: '2' })).toMatchObject({ statementTimeoutMs: 0, databasePoolSize: 2 });
      // An empty environment variable is no value, as with GATEHOUSE_DATABASE_URL.
      expect(resolveServeFlags({ ...base, databaseStatementTimeout: '', databasePoolSize: '' })).toMatchObject({ statementTimeoutMs: 30_000, databasePoolSize: 3 });
    });

    it('refuse a statement timeout that is not a whole number of milliseconds from 100, or 0, naming the flag, its twin and an example', () => {
      for (const databaseStatementTimeout of ['30s', '-1', '1.5', 'abc', '99', '1', '2147483648', '1e4']) {
        const r = refusal({ ...team, databaseStatementTimeout });
        expect(r.exitCode, databaseStatementTimeout).toBe(2);
        expect(r.message).toMatch(/^--database-statement-timeout must be a whole number of milliseconds from 100 to 2147483647, or 0 for none/);
        expect(r.message).toContain(`(got ${JSON.stringify(databaseStatementTimeout)})`);
        expect(r.message).toContain('GATEHOUSE_DATABASE_STATEMENT_TIMEOUT=30000');
      }
    });

    it('refuse a pool size other than 1, 2 or 3, saying why more would sit idle and how to size max_connections', () => {
      for (const databasePoolSize of ['0', '4', '10', '-1', '2.5', 'many']) {
        const r = refusal({ ...team, databasePoolSize });
        expect(r.exitCode, databasePoolSize).toBe(2);
        expect(r.message).toMatch(/^--database-pool-size must be 1, 2 or 3/);
        expect(r.message).toContain(`(got ${JSON.stringify(databasePoolSize)})`);
        expect(r.message).toContain('max_connections as replicas × pool size');
      }
    });

    it('refuse either without --database-url: SQLite has neither', () => {
      expect(refusal({ databaseStatementTimeout: '5000' }).message).toMatch(/^--database-statement-timeout applies to team mode only: give --database-url postgres:\/\/… \(or GATEHOUSE_DATABASE_URL\) too/);
      expect(refusal({ databasePoolSize: '2' }).message).toMatch(/^--database-pool-size applies to team mode only: give --database-url/);
    });
  });
});
