// The rules Gatehouse applies to OAuth requests before oidc-provider sees them, against
// generated inputs (fast-check): a redirect URI a client registers is https or loopback
// http, nothing else; a request without scope gets exactly its resources' scopes; a scope
// for a server the request does not name is found.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registeredRedirectUriProblem } from '../../src-main/core/oauth/client-metadata';
import { foreignResourceScope, withDefaultScope } from '../../src-main/core/oauth/default-scope';

const BASE = 'http://127.0.0.1:7337/mcp/';
const KNOWN = new Set(['everything', 'fs', 'git']);
const serverOf = (r: string) => (r.startsWith(BASE) && KNOWN.has(r.slice(BASE.length)) ? r.slice(BASE.length) : null);

const hosts = fc.oneof(
  fc.constantFrom('127.0.0.1', '[::1]', 'localhost', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.1', '[::2]', '0.0.0.0', 'LOCALHOST'),
  fc.domain(),
);
const uris = fc.tuple(
  fc.constantFrom('http', 'https', 'ftp', 'javascript', 'com.example.app', 'HTTP', 'file'),
  fc.constantFrom('://', ':', ':/', ':///'),
  fc.constantFrom('', 'user@', 'user:pw@'),
  hosts,
  fc.constantFrom('', ':1', ':65535', ':0', ':99999'),
  fc.constantFrom('/cb', '', '/cb?x=1', '/cb#frag', '/a/../cb', ' /cb'),
).map((parts) => parts.join(''));

describe('redirect URIs a client registers', () => {
  it('accepted only when https, or http on 127.0.0.1, [::1] or localhost; never with a fragment or credentials', () => {
    fc.assert(
      fc.property(uris, (uri) => {
        const problem = registeredRedirectUriProblem(uri);
        if (problem !== null) {
          expect(problem).toMatch(/https.*127\.0\.0\.1.*\[::1\].*localhost/s);
          return;
        }
        const u = new URL(uri);
        const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
        expect(u.protocol === 'https:' || (u.protocol === 'http:' && loopback), uri).toBe(true);
        expect(u.hash).toBe('');
        expect(uri).not.toContain('#');
        expect(u.username + u.password).toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not a string', () => {
    for (const v of [null, 1, {}, ['https://a.example/cb']]) expect(registeredRedirectUriProblem(v)).toMatch(/string/);
  });
});

const resources = fc.array(fc.oneof(fc.constantFrom(...[...KNOWN].map((s) => `${BASE}${s}`)), fc.webUrl(), fc.constant(`${BASE}unknown`)), { maxLength: 3 });
const scopes = fc.array(fc.oneof(fc.constantFrom('mcp:everything', 'mcp:fs', 'mcp:git', 'mcp:other', 'openid', 'offline_access', ''), fc.string()), { maxLength: 3 });

describe('the scope of a request', () => {
  it('without scope, every resource known: exactly their scopes; otherwise untouched', () => {
    fc.assert(
      fc.property(resources, fc.option(scopes, { nil: undefined }), (rs, sc) => {
        const params = new URLSearchParams();
        for (const r of rs) params.append('resource', r);
        for (const s of sc ?? []) params.append('scope', s);
        const before = params.toString();
        const changed = withDefaultScope(params, serverOf);
        const hadScope = (sc ?? []).length > 1 || ((sc ?? []).length === 1 && sc![0]!.trim() !== '');
        const allKnown = rs.length > 0 && rs.every((r) => serverOf(r) !== null);
        expect(changed).toBe(!hadScope && allKnown);
        if (!changed) return void expect(params.toString()).toBe(before);
        expect(new Set(params.get('scope')!.split(' '))).toEqual(new Set(rs.map((r) => `mcp:${serverOf(r)}`)));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds an mcp: scope for a server the request does not name, and only such a scope', () => {
    fc.assert(
      fc.property(resources, scopes, (rs, sc) => {
        const named = new Set(rs.map(serverOf).filter((s) => s !== null));
        const foreign = foreignResourceScope(sc.join(' '), rs, serverOf);
        const expected = sc.flatMap((s) => s.split(' ')).find((s) => s.startsWith('mcp:') && !named.has(s.slice(4))) ?? null;
        expect(foreign).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
