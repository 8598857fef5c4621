// Recent: the short-lived cache behind the token endpoint's and the gateway's per-request reads.
import { describe, expect, it } from 'vitest';
import { Recent } from '../../src-main/core/recent';

describe('Recent', () => {
  it('answers from memory within its time, reads again after it or after forget', async () => {
    let reads = 0;
    let value = 'first';
    const load = () => (reads++, value);
    const r = new Recent<string, string>(50);
    expect(r.get('k', load)).toBe('first');
    value = 'second';
    expect(r.get('k', load)).toBe('first');
    expect(reads).toBe(1);
    r.forget('k');
    expect(r.get('k', load)).toBe('second');
    value = 'third';
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(r.get('k', load)).toBe('third');
    expect(reads).toBe(3);
  });

  it('keeps at most its bound of entries', () => {
    let reads = 0;
    const r = new Recent<number, number>(60_000, 2);
    const load = (k: number) => (reads++, k * 10);
    r.get(1, load);
    r.get(2, load);
    r.get(3, load); // over the bound: starts over
    r.get(1, load);
    expect(reads).toBe(4);
  });
});
