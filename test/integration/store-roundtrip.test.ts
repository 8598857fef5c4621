// The translator checked by the engines themselves: statements full of string literals,
// quoted aliases and comments that hold ?, @name, $1, :x and quotes, with real
// placeholders between them. Each engine must hand back every literal as written and
// every value in the right column.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshStores } from '../helpers/engines';

const stores = freshStores();

const tricky = fc.constantFrom('?', '@', '@v0', "'", '"', '--', '/*', '*/', '$1', '$$', ':x', '::text', '\\', '\n', ' ', 'é', '🔑', 'a');
const text = fc.oneof(fc.array(tricky, { maxLength: 6 }).map((a) => a.join('')), fc.string({ unit: 'grapheme', maxLength: 8 })).map((s) => s.replace(/\0/g, ''));

interface Column {
  literal: string;
  alias: string;
  value: string;
  comment: string;
}

// Aliases stay short: PostgreSQL cuts identifiers at 63 bytes.
const alias = fc.array(tricky, { maxLength: 6 }).map((a) => a.join(''));
const columns = fc.array(fc.record({ literal: text, alias, value: text, comment: text }), { minLength: 1, maxLength: 5 });

const quote = (s: string, q: string) => `${q}${s.split(q).join(q + q)}${q}`;
const comment = (s: string, i: number) => (i % 2 ? `/* ${s.replace(/\/\*|\*\//g, '')} */` : `-- ${s.replace(/\n/g, ' ')}\n`);

/** SELECT 'lit' AS "l0 …", CAST(? AS TEXT) AS "v0 …" /* comment *\/, … */
function statement(cols: Column[], placeholder: (i: number) => string): string {
  const parts = cols.map(
    (c, i) => `${quote(c.literal, "'")} AS ${quote(`l${i} ${c.alias}`, '"')}, ${comment(c.comment, i)} CAST(${placeholder(i)} AS TEXT) AS ${quote(`v${i} ${c.alias}`, '"')}`,
  );
  return `SELECT ${parts.join(', ')}`;
}

const expected = (cols: Column[]) => Object.fromEntries(cols.flatMap((c, i) => [[`l${i} ${c.alias}`, c.literal], [`v${i} ${c.alias}`, c.value]]));

describe.each(ENGINES)('statements with tricky text on %s', (engine) => {
  it('keep every literal and put every ? value in its place', async () => {
    const { sql } = await stores.open(engine);
    fc.assert(
      fc.property(columns, (cols) => {
        const row = sql.get(statement(cols, () => '?'), cols.map((c) => c.value));
        expect(row).toEqual(expected(cols));
      }),
      { numRuns: 80 },
    );
  });

  it('keep every literal and bind each @name wherever it appears', async () => {
    const { sql } = await stores.open(engine);
    fc.assert(
      fc.property(columns, (cols) => {
        // Every column appears twice: its own name, and once more as the column after it.
        const names = cols.map((_, i) => `v${i}`);
        const doubled = [...cols, ...cols.map((c, i) => ({ ...c, alias: `${c.alias}+`, value: cols[i]!.value }))];
        const row = sql.get(statement(doubled, (i) => `@${names[i % cols.length]}`), Object.fromEntries(cols.map((c, i) => [names[i], c.value])));
        expect(row).toEqual(expected(doubled));
      }),
      { numRuns: 80 },
    );
  });
});
