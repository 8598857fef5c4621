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
    expect(resolveServeFlags(base)).toEqual({ ...base, publicUrl: null, trustProxy: false, logFormat: 'text', logLevel: 'warn', drainMs: 10_000, databaseUrl: null });
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
});
