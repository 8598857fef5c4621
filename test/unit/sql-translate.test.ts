// The portable SQL subset's translation (src-main/core/db/sql-translate.ts), as an
// attacker would shape statements: `?` and `@` inside strings, identifiers and comments,
// quotes doubled, E'' escapes, dollar quotes, ::casts. Whatever the pieces, only the real
// placeholders change, each into the right $n, and everything else stays byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkParams, positionalValues, translateUncached as translate } from '../../src-main/core/db/sql-translate';

type Seg = { kind: 'text'; s: string } | { kind: 'param'; name: string | null };

// Characters that matter to the scanner, mixed with ordinary ones.
const tricky = fc.constantFrom('?', '@', '@x', "''", '"', '--', '/*', '*/', '$', '$$', ':', '::', '\\', '\n', ' ', 'a', 'Z', '9', '_', '(', ')', ',', 'é', '🔑');
const content = fc.array(tricky, { maxLength: 8 }).map((a) => a.join(''));

const stringLit = content.map((c) => `'${c.replace(/'/g, "''")}'`);
const escapeLit = content.map((c) => `E'${c.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
const quotedIdent = content.map((c) => `"${c.replace(/"/g, '""')}"`);
const lineComment = content.map((c) => `-- ${c.replace(/\n/g, ' ')}\n`);
const blockComment = content.map((c) => `/* ${c.replace(/\/\*|\*\//g, '')} */`);
const dollar = content.map((c) => `$q$${c.replace(/\$q\$/g, '')}$q$`);
const plain = fc.constantFrom(' SELECT ', ' FROM t ', ' WHERE a = ', ', ', ' + ', '::text', '::BIGINT ', ' (', ') ', ' col_1 ', ' 9 ', ' @> ', ' = ');

const literal = fc.oneof(stringLit, escapeLit, quotedIdent, lineComment, blockComment, dollar, plain);
const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/);

function statement(style: 'positional' | 'named') {
  const param = style === 'positional' ? fc.constant<Seg>({ kind: 'param', name: null }) : name.map((n): Seg => ({ kind: 'param', name: n }));
  return fc.array(fc.oneof(literal.map((s): Seg => ({ kind: 'text', s })), param), { maxLength: 12 });
}

// Pieces are separated by a space, as SQL separates tokens ('a' 'b' glued would be one literal, 'a''b').
const join = (segs: Seg[], param: (p: Seg & { kind: 'param' }) => string) =>
  segs.map((s) => (s.kind === 'text' ? s.s : param(s))).join(' ');

describe('placeholder translation', () => {
  it('turns each ? into $1, $2, … in order and leaves every other character alone', () => {
    fc.assert(
      fc.property(statement('positional'), (segs) => {
        let n = 0;
        const expected = join(segs, () => `$${++n}`);
        const t = translate(join(segs, () => '?'), 'postgres');
        expect(t.text).toBe(expected);
        expect(t.count).toBe(n);
        expect(t.style).toBe(n ? 'positional' : 'none');
      }),
      { numRuns: 500 },
    );
  });

  it('turns each @name into one $n per distinct name, in order of first use', () => {
    fc.assert(
      fc.property(statement('named'), (segs) => {
        const names: string[] = [];
        const expected = join(segs, (p) => {
          let i = names.indexOf(p.name!) + 1;
          if (i === 0) i = names.push(p.name!);
          return `$${i}`;
        });
        const t = translate(join(segs, (p) => `@${p.name}`), 'postgres');
        expect(t.text).toBe(expected);
        expect(t.names).toEqual(names);
        const values = Object.fromEntries(names.map((n, i) => [n, i * 10]));
        expect(positionalValues(t, values)).toEqual(names.map((_, i) => i * 10));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves SQLite its own placeholders and the text unchanged', () => {
    fc.assert(
      fc.property(fc.constantFrom<'positional' | 'named'>('positional', 'named').chain(statement), (segs) => {
        const text = join(segs, (p) => (p.name ? `@${p.name}` : '?'));
        expect(translate(text, 'sqlite').text).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('reads ?, @name, $1 and :name inside strings, identifiers and comments as text', () => {
    const text = `SELECT '?', 'a@b.c', '$1', ':x', "q?", E'\\'?', $$ ? @y $$ -- ? @z\n /* ? /* nested ? */ @w */ FROM t WHERE a = ? AND b::text = ? AND c = ?::int`;
    const t = translate(text, 'postgres');
    expect(t.count).toBe(3);
    expect(t.text.endsWith('WHERE a = $1 AND b::text = $2 AND c = $3::int')).toBe(true);
    expect(translate('SELECT @a::text, CAST(@a AS TEXT)', 'postgres').text).toBe('SELECT $1::text, CAST($1 AS TEXT)');
    expect(t.text.slice(0, text.indexOf('FROM'))).toBe(text.slice(0, text.indexOf('FROM')));
  });
});

describe('portable helpers', () => {
  it('spells LEAST/GREATEST as SQLite’s scalar MIN/MAX, outside strings only', () => {
    const t = translate("SELECT LEAST(a, ?) AS l, greatest (b, 1) AS g, 'LEAST(' AS s FROM t", 'sqlite');
    expect(t.text).toBe("SELECT MIN(a, ?) AS l, MAX (b, 1) AS g, 'LEAST(' AS s FROM t");
    expect(translate('SELECT LEAST(a, ?) FROM t', 'postgres').text).toBe('SELECT LEAST(a, $1) FROM t');
    // A column that merely ends in "least" is not the function.
    expect(translate('SELECT atleast(1) FROM t', 'sqlite').text).toBe('SELECT atleast(1) FROM t');
  });

  it('rewrites INSERT OR IGNORE as ON CONFLICT DO NOTHING for PostgreSQL, before RETURNING and trailing comments', () => {
    const cases: [string, string][] = [
      ['INSERT OR IGNORE INTO t (a) VALUES (?)', 'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING'],
      ['insert or ignore into t (a) values (?);', 'insert into t (a) values ($1) ON CONFLICT DO NOTHING;'],
      ['INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING a', 'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a'],
      ["INSERT OR IGNORE INTO t (a) VALUES ('RETURNING (') -- why\n", "INSERT INTO t (a) VALUES ('RETURNING (') ON CONFLICT DO NOTHING -- why\n"],
      ['INSERT OR IGNORE INTO t (a) SELECT x FROM (SELECT 1 AS x RETURNING_NOT) s', 'INSERT INTO t (a) SELECT x FROM (SELECT 1 AS x RETURNING_NOT) s ON CONFLICT DO NOTHING'],
      ['INSERT OR IGNORE INTO t (a) VALUES (?)', 'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING'],
      ['  INSERT OR IGNORE INTO t (a, b) VALUES (@a, @b) RETURNING a, b', '  INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING a, b'],
    ];
    for (const [input, pg] of cases) expect(translate(input, 'postgres').text).toBe(pg);
    expect(translate(cases[0]![0], 'sqlite').text).toBe(cases[0]![0]);
  });
});

describe('the subset is enforced on both engines alike', () => {
  const refused: [string, RegExp][] = [
    ['INSERT OR REPLACE INTO t (a) VALUES (?)', /ON CONFLICT \(…\) DO UPDATE/],
    ['REPLACE INTO t (a) VALUES (?)', /ON CONFLICT/],
    ['INSERT OR IGNORE INTO t (a) VALUES (?) ON CONFLICT DO NOTHING', /keep one/],
    ['SELECT * FROM t WHERE a = :a', /use @name/],
    ['SELECT * FROM t WHERE a = $1', /use \? or @name/],
    ['SELECT * FROM t WHERE a = $a', /use \? or @name/],
    ['SELECT * FROM t WHERE a = ?1', /use \? or @name/],
    ['SELECT * FROM t WHERE a = ? AND b = @b', /not both/],
    ["SELECT 'unterminated", /unterminated string/],
    ['SELECT "unterminated', /unterminated quoted identifier/],
    ['SELECT 1 /* unterminated', /unterminated block comment/],
    ['SELECT $q$ unterminated', /unterminated dollar-quoted/],
  ];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`refuses what is not portable (${dialect})`, () => {
      for (const [text, message] of refused) expect(() => translate(text, dialect), text).toThrow(message);
    });
  }

  it('checks the values against the placeholders', () => {
    const pos = translate('SELECT * FROM t WHERE a = ? AND b = ?', 'postgres');
    expect(() => checkParams(pos, [1])).toThrow(/2 \? placeholder\(s\) but 1 value/);
    expect(() => checkParams(pos, { a: 1 })).toThrow(/pass an array/);
    expect(() => checkParams(pos, [1, 2])).not.toThrow();
    const named = translate('SELECT * FROM t WHERE a = @a AND b = @b', 'sqlite');
    expect(() => checkParams(named, { a: 1 })).toThrow(/Missing named parameter "b"/);
    expect(() => checkParams(named, [1, 2])).toThrow(/pass an object/);
    expect(() => checkParams(named, { a: 1, b: 2, extra: 3 })).not.toThrow();
  });
});
