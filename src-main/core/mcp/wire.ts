// The first look at a client's bytes, before the classifier reads the message: valid
// UTF-8, JSON, and no repeated member name where the classifier looks. Parsers disagree
// on a repeated name (JSON.parse keeps the last, others the first or refuse), so a
// message with one could be judged as one thing and run as another: it is refused.
import { isUtf8 } from 'node:buffer';

export type Parsed = { ok: true; msg: unknown } | { ok: false; code: number; reason: string; message: string; id: string | number | null };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;

/** Object depths whose member names the classifier reads: the message, params, params.ref/_meta/notifications. */
const JUDGED_DEPTH = 3;

export function parseClientBytes(bytes: Buffer | string): Parsed {
  if (typeof bytes !== 'string' && !isUtf8(bytes)) {
    return { ok: false, code: -32700, reason: 'parse_error', message: 'Parse error: the message is not valid UTF-8', id: null };
  }
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, code: -32700, reason: 'parse_error', message: 'Parse error: the message is not JSON', id: null };
  }
  const repeated = msg !== null && typeof msg === 'object' ? repeatedKey(text) : null;
  if (repeated !== null) {
    // The id answers it, unless the id is what is repeated (then nobody can tell which).
    const id = repeated === 'id' ? undefined : (msg as { id?: unknown }).id;
    return {
      id: typeof id === 'string' || Number.isSafeInteger(id) ? (id as string | number) : null,
      ok: false,
      code: -32600,
      reason: 'repeated_key',
      message: `Invalid Request: the member ${JSON.stringify(repeated).slice(0, 60)} appears twice in one object; send it once`,
    };
  }
  return { ok: true, msg };
}

/**
 * A member name that appears twice in one object within JUDGED_DEPTH of the top, or null.
 * Runs for every client message, so it allocates little: the key lists of the judged
 * depths only, and nothing per object deeper down (there only the depth is counted).
 */
export function repeatedKey(text: string): string | null {
  let depth = 0;
  const isObject: boolean[] = [];
  const expectKey: boolean[] = [];
  const keys: (string[] | Set<string>)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfString(text, i);
      const d = depth - 1;
      if (d >= 0 && d < JUDGED_DEPTH && isObject[d] && expectKey[d]) {
        expectKey[d] = false;
        const key = keyText(text, i, end);
        if (seen(keys, d, key)) return key;
      }
      i = end;
    } else if (c === LBRACE || c === LBRACKET) {
      if (depth < JUDGED_DEPTH) {
        isObject[depth] = c === LBRACE;
        expectKey[depth] = c === LBRACE;
        keys[depth] = [];
      }
      depth++;
    } else if (c === RBRACE || c === RBRACKET) {
      depth--;
    } else if (c === COMMA && depth > 0 && depth <= JUDGED_DEPTH && isObject[depth - 1]) {
      expectKey[depth - 1] = true;
    }
  }
  return null;
}

/** Records a key at depth d; true when it was there already. A few keys: a list; many: a set (no quadratic cost). */
function seen(keys: (string[] | Set<string>)[], d: number, key: string): boolean {
  const k = keys[d]!;
  if (k instanceof Set) return k.has(key) || (k.add(key), false);
  if (k.includes(key)) return true;
  k.push(key);
  if (k.length > 16) keys[d] = new Set(k);
  return false;
}

/** The index of the quote that closes the string opening at `start`. */
function endOfString(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    let slashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q;
    j = q + 1;
  }
}

/** A member name as the parser reads it: escapes decoded, so `"na\u006de"` is `name`. */
function keyText(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}
