import fc from 'fast-check';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { insecureArrival, parsePublicUrl, viewOf } from '../../src-main/http/public-origin';

/** The parts of a request viewOf reads, as node:http gives them (duplicate headers joined with ", "). */
function req(headers: Record<string, string | string[]>, method = 'GET', url = '/x'): IncomingMessage {
  const distinct: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) distinct[k] = Array.isArray(v) ? v : [v];
  return { headersDistinct: distinct, headers, method, url, socket: { remoteAddress: '10.0.0.9' } } as unknown as IncomingMessage;
}

describe('--public-url', () => {
  it('takes an origin and names the Host values it answers to', () => {
    expect(parsePublicUrl('https://GH.Example.test/')).toEqual({ origin: 'https://gh.example.test', secure: true, hosts: ['gh.example.test', 'gh.example.test:443'] });
    expect(parsePublicUrl('https://gh.example.test:8443')).toEqual({ origin: 'https://gh.example.test:8443', secure: true, hosts: ['gh.example.test:8443'] });
    expect(parsePublicUrl('http://[::1]:8080')).toMatchObject({ origin: 'http://[::1]:8080', secure: false });
  });

  it('refuses anything but an http(s) origin, saying what it wants', () => {
    for (const bad of ['gh.example.test', 'ftp://gh.example.test', 'https://gh.example.test/gatehouse', 'https://u:p@gh.example.test', 'https://gh.example.test/?a=1', 'https://gh.example.test/#x']) {
      expect(() => parsePublicUrl(bad), bad).toThrow(/--public-url must be/);
    }
    // A path made only of dot segments is the origin itself, so it is not "a path".
    fc.assert(
      fc.property(fc.webPath().filter((p) => new URL(`https://gh.example.test${p}`).pathname !== '/'), (path) => {
        expect(() => parsePublicUrl(`https://gh.example.test${path}`)).toThrow(/no path/);
      }),
    );
  });
});

describe('forwarded headers', () => {
  const forwarded = fc.record({
    'x-forwarded-host': fc.string(),
    'x-forwarded-proto': fc.string(),
    'x-forwarded-for': fc.string(),
  });

  it('change nothing without --trust-proxy, whatever they say', () => {
    fc.assert(
      fc.property(forwarded, (h) => {
        expect(viewOf(req({ host: 'gh.example.test', ...h }), false)).toEqual({ host: 'gh.example.test', proto: null, client: '10.0.0.9' });
      }),
    );
  });

  it("with --trust-proxy, count the nearest proxy's value (the last), and only a well-formed one", () => {
    const v = viewOf(req({ host: '10.0.0.1:7337', 'x-forwarded-host': 'evil.example, GH.example.test', 'x-forwarded-proto': 'http, https', 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }), true);
    expect(v).toEqual({ host: 'gh.example.test', proto: 'https', client: '203.0.113.7' });
    expect(viewOf(req({ host: 'h', 'x-forwarded-host': ['a.example', 'b.example'] }), true).host).toBe('b.example');
    expect(viewOf(req({ host: 'h', 'x-forwarded-proto': 'gopher', 'x-forwarded-for': 'not-an-ip' }), true)).toEqual({ host: 'h', proto: null, client: '10.0.0.9' });
    expect(viewOf(req({ host: 'h', 'x-forwarded-for': '[2001:db8::1]:443' }), true).client).toBe('2001:db8::1');
  });

  it('treat two Host headers as no Host at all', () => {
    expect(viewOf(req({ host: ['gh.example.test', 'evil.example'] }), false).host).toBeNull();
  });

  it('send a plain-http arrival at an https public URL to https (GET, HEAD) or refuse it (anything else)', () => {
    const addressing = { publicUrl: parsePublicUrl('https://gh.example.test'), trustProxy: true };
    const view = { host: 'gh.example.test', proto: 'http' as const, client: '' };
    expect(insecureArrival(req({}, 'GET', '/a?b=1'), view, addressing)).toBe('https://gh.example.test/a?b=1');
    expect(insecureArrival(req({}, 'POST'), view, addressing)).toBe(true);
    expect(insecureArrival(req({}, 'POST'), { ...view, proto: 'https' }, addressing)).toBeNull();
    expect(insecureArrival(req({}, 'POST'), { ...view, proto: null }, addressing)).toBeNull();
  });
});
