// Resource indicators: exact matching, except the loopback spellings of a URL, which are
// one resource (issue 11, observation 9: users type `localhost`, Gatehouse prints 127.0.0.1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audienceMatches, loopbackSpellings, Resources } from '../../src-main/core/oauth/resources';

const BASE = 'http://127.0.0.1:7337/mcp/';
const resources = new Resources(BASE, (name) => name === 'everything', (url) => (url === 'http://127.0.0.1:8001/mcp' ? 'notes' : null));

describe('loopback spellings', () => {
  it('are localhost, 127.0.0.1 and [::1], the URL as given first', () => {
    expect(loopbackSpellings('http://localhost:7337/mcp/x')).toEqual(['http://localhost:7337/mcp/x', 'http://127.0.0.1:7337/mcp/x', 'http://[::1]:7337/mcp/x']);
    expect(loopbackSpellings('http://[::1]/mcp')).toEqual(['http://[::1]/mcp', 'http://127.0.0.1/mcp', 'http://localhost/mcp']);
  });

  it('leave other hosts, look-alikes and URLs not in canonical form alone', () => {
    for (const url of ['https://mcp.example/mcp', 'http://localhost.evil.example:7337/mcp/x', 'http://127.0.0.1.nip.io/mcp', 'http://127.0.0.2:7337/mcp/x', 'HTTP://LOCALHOST:7337/mcp/x', 'http://localhost:7337', 'http://user@localhost:7337/mcp']) {
      expect(loopbackSpellings(url), url).toEqual([url]);
    }
  });

  it('name one gateway server or self-hosted resource server under each spelling, and nothing else', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      expect(resources.serverOf(`http://${host}:7337/mcp/everything`)).toBe('everything');
      expect(resources.serverOf(`http://${host}:8001/mcp`)).toBe('notes');
    }
    for (const url of ['http://localhost:7338/mcp/everything', 'http://localhost:7337/mcp/everything/', 'http://localhost:7337/mcp/other', 'http://localhost:8001/mcp/', 'https://localhost:8001/mcp']) {
      expect(resources.serverOf(url), url).toBeNull();
    }
  });

  it('match an audience of one (a string or a one-element array) under any spelling', () => {
    expect(audienceMatches('http://localhost:7337/mcp/everything', 'http://127.0.0.1:7337/mcp/everything')).toBe(true);
    expect(audienceMatches(['http://[::1]:7337/mcp/everything'], 'http://localhost:7337/mcp/everything')).toBe(true);
    expect(audienceMatches(['http://localhost:7337/mcp/everything', 'https://other.example'], 'http://localhost:7337/mcp/everything')).toBe(false);
    expect(audienceMatches('http://localhost:7337/mcp/other', 'http://localhost:7337/mcp/everything')).toBe(false);
    expect(audienceMatches(undefined, 'http://localhost:7337/mcp/everything')).toBe(false);
  });

  it('never make a non-loopback URL match another (property)', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.webUrl(), (a, b) => {
        const hostA = URL.parse(a)?.hostname ?? '';
        if (['localhost', '127.0.0.1', '[::1]'].includes(hostA)) return;
        expect(loopbackSpellings(a)).toEqual([a]);
        expect(audienceMatches(a, b)).toBe(a === b);
      }),
    );
  });
});
