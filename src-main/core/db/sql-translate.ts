// The portable SQL subset (see sql.ts) to each engine's own: `?` and `@name` become
// `$1…` on PostgreSQL, LEAST/GREATEST become MIN/MAX on SQLite, INSERT OR IGNORE
// becomes ON CONFLICT DO NOTHING on PostgreSQL. Text inside string literals, quoted
// identifiers, comments and dollar quotes is never touched. The same checks run for
// both engines, so a statement outside the subset fails on SQLite too.
import { SqlError, type Dialect, type Params } from './sql';

type Piece = { t: 'code'; s: string } | { t: 'quoted'; s: string } | { t: 'param'; name: string | null };

export interface Translated {
  /** The statement in the engine's own dialect. */
  text: string;
  /** `positional`: values in an array; `named`: in an object. */
  style: 'none' | 'positional' | 'named';
  /** Positional: how many `?`. */
  count: number;
  /** Named: each distinct name once, in order of first use (PostgreSQL's $1, $2, …). */
  names: string[];
}

const subset = (message: string) => new SqlError(`${message} (see the portable SQL subset in src-main/core/db/sql.ts)`, 'subset');
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/** Index just past a '…' string (or E'…' with backslash escapes) starting at i. */
function stringEnd(sql: string, i: number): number {
  const escapes = /[eE]/.test(sql[i - 1] ?? '') && !isWordChar(sql[i - 2]);
  for (let j = i + 1; j < sql.length; j++) {
    if (escapes && sql[j] === '\\') j++;
    else if (sql[j] === "'") {
      if (sql[j + 1] !== "'") return j + 1;
      j++;
    }
  }
  throw subset('unterminated string literal');
}

function identEnd(sql: string, i: number): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] === '"') {
      if (sql[j + 1] !== '"') return j + 1;
      j++;
    }
  }
  throw subset('unterminated quoted identifier');
}

/** PostgreSQL nests block comments; SQLite has no nesting but no statement here relies on that. */
function blockCommentEnd(sql: string, i: number): number {
  let depth = 0;
  for (let j = i; j < sql.length - 1; j++) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth++;
      j++;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth--;
      j++;
      if (depth === 0) return j + 1;
    }
  }
  throw subset('unterminated block comment');
}

function dollarQuoteEnd(sql: string, i: number): number {
  if (isWordChar(sql[i - 1])) return i;
  const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
  if (!tag) return i;
  const close = sql.indexOf(tag, i + tag.length);
  if (close < 0) throw subset('unterminated dollar-quoted string');
  return close + tag.length;
}

/** End of the quoted run (string, identifier, comment, dollar quote) starting at i; i if none starts there. */
function quotedEnd(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'") return stringEnd(sql, i);
  if (c === '"') return identEnd(sql, i);
  if (c === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl + 1;
  }
  if (c === '/' && sql[i + 1] === '*') return blockCommentEnd(sql, i);
  if (c === '$') return dollarQuoteEnd(sql, i);
  return i;
}

/** A placeholder at i: its length and name (null for `?`); null when none; refuses the spellings outside the subset. */
function placeholderAt(sql: string, i: number): { length: number; name: string | null } | null {
  const c = sql[i];
  const next = sql[i + 1] ?? '';
  if (c === '?') {
    if (/[0-9]/.test(next)) throw subset('numbered placeholders (?1) are not portable: use ? or @name');
    return { length: 1, name: null };
  }
  if (c === '@' && /[A-Za-z_]/.test(next)) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
    return { length: name.length + 1, name };
  }
  if (c === ':' && /[A-Za-z_]/.test(next) && sql[i - 1] !== ':') throw subset(':name placeholders are not portable: use @name');
  if (c === '$' && /[0-9A-Za-z_]/.test(next) && !isWordChar(sql[i - 1])) throw subset('$ placeholders are not portable: use ? or @name');
  return null;
}

function scan(sql: string): Piece[] {
  const out: Piece[] = [];
  let code = '';
  const flush = () => {
    if (code) out.push({ t: 'code', s: code });
    code = '';
  };
  for (let i = 0; i < sql.length; ) {
    const end = quotedEnd(sql, i);
    if (end > i) {
      flush();
      out.push({ t: 'quoted', s: sql.slice(i, end) });
      i = end;
      continue;
    }
    const p = placeholderAt(sql, i);
    if (p) {
      flush();
      out.push({ t: 'param', name: p.name });
      i += p.length;
      continue;
    }
    code += sql[i++];
  }
  flush();
  return out;
}

const codeOf = (pieces: Piece[]) => pieces.map((p) => (p.t === 'code' ? p.s : ' ')).join('');

function checkSubset(pieces: Piece[]): void {
  const code = codeOf(pieces);
  if (/^\s*(?:INSERT\s+OR\s+(?!IGNORE\b)\w+|REPLACE\s+INTO)\b/i.test(code)) {
    throw subset('INSERT OR REPLACE/ABORT/FAIL/ROLLBACK and REPLACE INTO are not portable: write INSERT … ON CONFLICT (…) DO UPDATE');
  }
  if (/^\s*INSERT\s+OR\s+IGNORE\b/i.test(code) && /\bON\s+CONFLICT\b/i.test(code)) {
    throw subset('INSERT OR IGNORE with an ON CONFLICT clause: keep one of the two');
  }
}

function styleOf(pieces: Piece[]): Translated['style'] {
  const params = pieces.filter((p) => p.t === 'param');
  const named = params.filter((p) => p.name !== null).length;
  if (named > 0 && named < params.length) throw subset('a statement uses either ? or @name placeholders, not both');
  if (params.length === 0) return 'none';
  return named > 0 ? 'named' : 'positional';
}

/** Where ON CONFLICT DO NOTHING goes: before a top-level RETURNING, else after the last token. */
function insertOnConflict(pieces: Piece[]): void {
  let depth = 0;
  for (const p of pieces) {
    if (p.t !== 'code') continue;
    for (let j = 0; j < p.s.length; j++) {
      const c = p.s[j];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth === 0 && /^RETURNING\b/i.test(p.s.slice(j)) && !isWordChar(p.s[j - 1])) {
        p.s = `${p.s.slice(0, j)}ON CONFLICT DO NOTHING ${p.s.slice(j)}`;
        return;
      }
    }
  }
  const isComment = (p: Piece) => p.t === 'quoted' && /^(--|\/\*)/.test(p.s);
  const isBlank = (p: Piece) => p.t === 'code' && !/[^\s;]/.test(p.s);
  const last = pieces.findLastIndex((p) => !isComment(p) && !isBlank(p));
  const p = pieces[last]!;
  if (p.t === 'code') {
    const end = p.s.search(/[\s;]*$/);
    p.s = `${p.s.slice(0, end)} ON CONFLICT DO NOTHING${p.s.slice(end)}`;
  } else pieces.splice(last + 1, 0, { t: 'code', s: ' ON CONFLICT DO NOTHING' });
}

function rewriteForPostgres(pieces: Piece[]): void {
  const first = pieces.find((p) => p.t === 'code' && /\S/.test(p.s));
  if (first && first.t === 'code' && /^\s*INSERT\s+OR\s+IGNORE\b/i.test(first.s)) {
    first.s = first.s.replace(/^(\s*INSERT)\s+OR\s+IGNORE\b/i, '$1');
    insertOnConflict(pieces);
  }
}

function rewriteForSqlite(pieces: Piece[]): void {
  for (const p of pieces) {
    if (p.t === 'code') p.s = p.s.replace(/\bLEAST(\s*\()/gi, 'MIN$1').replace(/\bGREATEST(\s*\()/gi, 'MAX$1');
  }
}

function render(pieces: Piece[], dialect: Dialect): { text: string; count: number; names: string[] } {
  const names: string[] = [];
  let count = 0;
  const text = pieces
    .map((p) => {
      if (p.t !== 'param') return p.s;
      if (p.name === null) return dialect === 'sqlite' ? '?' : `$${++count}`;
      let n = names.indexOf(p.name) + 1;
      if (n === 0) n = names.push(p.name);
      return dialect === 'sqlite' ? `@${p.name}` : `$${n}`;
    })
    .join('');
  if (dialect === 'sqlite') count = pieces.filter((p) => p.t === 'param' && p.name === null).length;
  return { text, count, names };
}

export function translateUncached(sql: string, dialect: Dialect): Translated {
  const pieces = scan(sql);
  checkSubset(pieces);
  const style = styleOf(pieces);
  if (dialect === 'postgres') rewriteForPostgres(pieces);
  else rewriteForSqlite(pieces);
  return { style, ...render(pieces, dialect) };
}

const MAX_CACHED = 2000;
const caches: Record<Dialect, Map<string, Translated>> = { sqlite: new Map(), postgres: new Map() };

/** Translated once per statement text and engine (statements are constants; a runaway set of texts is dropped). */
export function translate(sql: string, dialect: Dialect): Translated {
  const cache = caches[dialect];
  let t = cache.get(sql);
  if (!t) {
    t = translateUncached(sql, dialect);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(sql, t);
  }
  return t;
}

/** Checks the values against the statement; the same refusals on both engines. */
export function checkParams(t: Translated, params: Params | undefined): void {
  const isArray = Array.isArray(params);
  if (t.style === 'named') {
    if (params === undefined || isArray) throw subset('this statement takes @name placeholders: pass an object');
    const missing = t.names.find((n) => !Object.prototype.hasOwnProperty.call(params, n));
    if (missing !== undefined) throw subset(`Missing named parameter "${missing}"`);
    return;
  }
  const given = params === undefined ? 0 : isArray ? params.length : -1;
  if (given < 0) throw subset('this statement takes ? placeholders: pass an array');
  if (given !== t.count) throw subset(`the statement has ${t.count} ? placeholder(s) but ${given} value(s) were given`);
}

/** PostgreSQL's positional values ($1…) from the caller's array or object. */
export function positionalValues(t: Translated, params: Params | undefined): unknown[] {
  if (t.style === 'named') return t.names.map((n) => (params as Record<string, unknown>)[n]);
  return t.style === 'positional' ? [...(params as readonly unknown[])] : [];
}
