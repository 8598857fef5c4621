import { describe, expect, it } from 'vitest';
import { displayPrefix, generateKey, parseKey, randomBase62 } from '../../src-main/core/keys/format';

describe('API key format', () => {
  it('has a recognisable prefix, a lookup id, a 256-bit secret and a checksum', () => {
    const { key, lookupId } = generateKey();
    expect(key).toMatch(/^ghk_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(key.startsWith(`ghk_${lookupId}_`)).toBe(true);
    // 43 base62 characters carry 43 * log2(62) bits.
    expect(43 * Math.log2(62)).toBeGreaterThanOrEqual(256);
    expect(parseKey(key)).toEqual({ ok: true, lookupId });
    expect(displayPrefix(lookupId)).toBe(`ghk_${lookupId.slice(0, 4)}`);
  });

  it('catches a mistyped character offline through the checksum', () => {
    const { key } = generateKey();
    const secretStart = 'ghk_'.length + 13;
    for (const at of [4, secretStart, secretStart + 20, key.length - 8]) {
      const ch = key[at]!;
      const typo = key.slice(0, at) + (ch === 'a' ? 'b' : 'a') + key.slice(at + 1);
      expect(parseKey(typo)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('refuses things that are not keys at all', () => {
    const { key } = generateKey();
    for (const bad of ['', 'ghk_', key.slice(0, -1), key + 'x', `ghp_${key.slice(4)}`, ` ${key}`, key.replace(/_/g, '-')]) {
      expect(parseKey(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('draws secrets without repeats', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomBase62(43)));
    expect(seen.size).toBe(2000);
  });
});
