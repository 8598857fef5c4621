// redirectUriMatches: exact redirect URI matching (RFC 9700), except the port of loopback
// IP literals (RFC 8252 §7.3), for every client however it registered.
import { describe, expect, it } from 'vitest';
import { checkRedirectUri, redirectUriMatches } from '../../src-main/core/oauth/client-metadata';

describe('redirectUriMatches', () => {
  it('matches a registered URI exactly', () => {
    for (const uri of ['https://app.example.com/cb', 'http://localhost:3000/cb', 'http://127.0.0.1:5000/cb', 'com.example.app:/cb']) {
      expect(redirectUriMatches(uri, ['https://other.example/cb', uri]), uri).toBe(true);
    }
    expect(redirectUriMatches('https://app.example.com/cb', [])).toBe(false);
  });

  it('lets the port of 127.0.0.1 and [::1] vary, or be added or dropped', () => {
    const ok: [string, string][] = [
      ['http://127.0.0.1:5001/cb', 'http://127.0.0.1:5000/cb'],
      ['http://127.0.0.1:65535/cb?x=1', 'http://127.0.0.1:5000/cb?x=1'],
      ['http://127.0.0.1:5001/cb', 'http://127.0.0.1/cb'],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:5000/cb'],
      ['http://127.0.0.1:5001', 'http://127.0.0.1:5000'],
      ['http://[::1]:1/cb', 'http://[::1]:5000/cb'],
      ['http://[::1]:5001/cb', 'http://[::1]/cb'],
    ];
    for (const [requested, registered] of ok) expect(redirectUriMatches(requested, [registered]), requested).toBe(true);
  });

  it('keeps everything else exact', () => {
    const reg = ['http://127.0.0.1:5000/cb', 'http://[::1]:5000/cb', 'http://localhost:5000/cb', 'https://app.example.com/cb'];
    for (const requested of [
      // localhost by name, other hosts, other loopback addresses: no port allowance
      'http://localhost:5001/cb',
      'http://LOCALHOST:5000/cb',
      'https://app.example.com:8443/cb',
      'https://app.example.com:443/cb',
      'http://127.0.0.2:5000/cb',
      'http://127.1:5000/cb',
      'http://[0:0:0:0:0:0:0:1]:5000/cb',
      'http://2130706433:5000/cb',
      // a loopback URI with anything but the port changed
      'https://127.0.0.1:5001/cb',
      'HTTP://127.0.0.1:5001/cb',
      'http://127.0.0.1:5001/CB',
      'http://127.0.0.1:5001/cb/',
      'http://127.0.0.1:5001/cb/extra',
      'http://127.0.0.1:5001/cb?x=1',
      'http://127.0.0.1:5001/cb#x',
      'http://127.0.0.1:5001/./cb',
      'http://127.0.0.1:5001/%63b',
      'http://user@127.0.0.1:5001/cb',
      'http://127.0.0.1:5001@evil.example/cb',
      'http://127.0.0.1:5001\\@evil.example/cb',
      'http://127.0.0.1.evil.example:5000/cb',
      'http://127.0.0.1:5001/cb2',
      // a port that is no port
      'http://127.0.0.1:/cb',
      'http://127.0.0.1:05000/cb',
      'http://127.0.0.1:0/cb',
      'http://127.0.0.1:65536/cb',
      'http://127.0.0.1:123456/cb',
      'http://127.0.0.1:5001x/cb',
    ]) {
      expect(redirectUriMatches(requested, reg), requested).toBe(false);
    }
    expect(redirectUriMatches('http://[::1]:5001/cb', ['http://127.0.0.1:5000/cb'])).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1:5001/cb', ['http://[::1]:5000/cb'])).toBe(false);
  });
});

describe('checkRedirectUri (clients created in Gatehouse)', () => {
  it('takes https, and http on 127.0.0.1, [::1] and localhost only', () => {
    for (const uri of ['https://app.example.com/cb', 'http://127.0.0.1:5000/cb', 'http://[::1]:5000/cb', 'http://localhost:3000/cb']) {
      expect(() => checkRedirectUri(uri), uri).not.toThrow();
    }
    for (const uri of ['http://127.0.0.2:5000/cb', 'http://app.example.com/cb', 'http://user@127.0.0.1/cb', 'https://app.example.com/cb#x']) {
      expect(() => checkRedirectUri(uri), uri).toThrow(/redirect URI/);
    }
  });
});
