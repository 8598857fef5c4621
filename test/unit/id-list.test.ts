// A page's ids bound one placeholder each (db/id-list.ts): few statement texts, any length.
import { describe, expect, it } from 'vitest';
import { boundList, MAX_LIST, readForList } from '../../src-main/core/db/id-list';

describe('bound lists', () => {
  it('pads a list to a power of two with its last value, so lengths share statement texts', () => {
    expect(boundList(['a'])).toEqual({ marks: '@ids0', params: { ids0: 'a' } });
    expect(boundList(['a', 'b', 'c'], 'g')).toEqual({ marks: '@g0, @g1, @g2, @g3', params: { g0: 'a', g1: 'b', g2: 'c', g3: 'c' } });
    const texts = new Set(Array.from({ length: MAX_LIST }, (_, i) => boundList(Array.from({ length: i + 1 }, String)).marks));
    expect(texts.size).toBe(Math.log2(MAX_LIST) + 1);
  });

  it('refuses an empty list and one longer than a statement takes', () => {
    expect(() => boundList([])).toThrow(/1 to 512 values, not 0/);
    expect(() => boundList(Array.from({ length: MAX_LIST + 1 }, String))).toThrow(/not 513/);
  });

  it('reads a long list in chunks, and an empty one without a statement', () => {
    const seen: number[] = [];
    const rows = readForList(Array.from({ length: 1100 }, (_, i) => i), (list) => {
      const values = Object.values(list.params) as number[];
      seen.push(values.length);
      return [...new Set(values)];
    });
    expect(seen).toEqual([512, 512, 128]);
    expect(rows).toEqual(Array.from({ length: 1100 }, (_, i) => i));
    expect(readForList([], () => [1])).toEqual([]);
  });
});
