// Loaded pages flattened for a table: each item once, in page order.
import { describe, expect, it } from 'vitest';
import { uniqueItems } from './pages';

describe('uniqueItems', () => {
  it('keeps the first of an item that two pages both hold, in order', () => {
    const pages = [{ rows: [{ id: 3 }, { id: 2 }] }, { rows: [{ id: 2 }, { id: 1 }] }];
    expect(uniqueItems(pages, (p) => p.rows, (r) => r.id)).toEqual([{ id: 3 }, { id: 2 }, { id: 1 }]);
  });

  it('is empty before the first page arrives', () => {
    expect(uniqueItems<{ rows: { id: string }[] }, { id: string }>(undefined, (p) => p.rows, (r) => r.id)).toEqual([]);
  });
});
