// Edits one `[mcp_servers.NAME]` table of a TOML config (Codex CLI) by replacing only
// that table's text (with its sub-tables such as `[mcp_servers.NAME.env]`); every
// other byte stays as it was. smol-toml validates the file before and after.
import { parse } from 'smol-toml';
import { GatehouseError } from '../errors';
import type { ConfigDoc } from './config-doc';

interface Header {
  path: string[];
  /** Offset of the header line's first character. */
  start: number;
}

interface Line {
  start: number;
  /** Offset after the line's newline (or the end of the text). */
  next: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const next = nl < 0 ? text.length : nl + 1;
    out.push({ start: i, next, text: text.slice(i, nl < 0 ? text.length : nl).replace(/\r$/, '') });
    i = next;
  }
  return out;
}

/** `a."b c".'d'` → ['a', 'b c', 'd']; null when it is not a key. */
export function parseDottedKey(src: string): string[] | null {
  const out: string[] = [];
  const re = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;
  let i = 0;
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) return null;
    out.push(m[1] ?? (m[2] !== undefined ? (JSON.parse(`"${m[2]}"`) as string) : m[3]!));
    i = re.lastIndex;
    if (m[4] === '' && i < src.length) return null;
  }
  return out.length ? out : null;
}

/** Table headers, skipping lines inside multi-line strings. */
function headersOf(lines: Line[]): Header[] {
  const out: Header[] = [];
  let open: string | null = null;
  for (const line of lines) {
    if (!open) {
      const m = /^[ \t]*\[(\[?)([^\]]*)\]\]?[ \t]*(#.*)?$/.exec(line.text);
      const path = m ? parseDottedKey(m[2]!) : null;
      if (path) out.push({ path: m![1] ? ['[[', ...path] : path, start: line.start });
    }
    for (const q of line.text.match(/"""|'''/g) ?? []) open = open === q ? null : (open ?? q);
  }
  return out;
}

const BARE = /^[A-Za-z0-9_-]+$/;
export const tomlKey = (k: string): string => (BARE.test(k) ? k : tomlString(k));

export function tomlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function tomlValue(v: unknown): string {
  if (typeof v === 'string') return tomlString(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const parts = Object.entries(v).map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return '""';
}

/** `[mcp_servers.NAME]` with one `key = value` line per field; nested tables inline. */
function renderTable(serversKey: string, name: string, value: Record<string, unknown>, eol: string): string {
  const lines = [`[${tomlKey(serversKey)}.${tomlKey(name)}]`];
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) lines.push(`${tomlKey(k)} = ${tomlValue(v)}`);
  return lines.join(eol) + eol;
}

function invalid(path: string, message: string): GatehouseError {
  return new GatehouseError('CONFIG_INVALID', `${path} is not valid TOML (${message}). Fix the file first: Gatehouse does not change a file it cannot parse.`);
}

export function parseTomlConfig(text: string, opts: { serversKey: string; path: string }): ConfigDoc {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  let data: Record<string, unknown>;
  try {
    data = parse(body) as Record<string, unknown>;
  } catch (e) {
    throw invalid(opts.path, (e as Error).message.split('\n')[0]!);
  }
  const map = data[opts.serversKey];
  if (map !== undefined && (typeof map !== 'object' || Array.isArray(map) || map instanceof Date)) {
    throw new GatehouseError('CONFIG_INVALID', `${opts.path}: ${opts.serversKey} is not a table; fix it before protecting servers`);
  }
  const entries = (map ?? {}) as Record<string, unknown>;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(body);
  const headers = headersOf(lines);

  /** [start, end) of the entry's tables, without the blank lines and comments that follow them. */
  const rangeOf = (name: string): [number, number] | null => {
    const mine = headers.map((h, i) => ({ h, i })).filter(({ h }) => h.path[0] === opts.serversKey && h.path[1] === name);
    if (!mine.length) {
      if (name in entries) {
        throw new GatehouseError(
          'CONFIG_INVALID',
          `${opts.path}: server ${name} is written inline; Gatehouse edits only [${opts.serversKey}.${name}] tables. Move it into its own table first.`,
        );
      }
      return null;
    }
    const first = mine[0]!.i;
    const last = mine[mine.length - 1]!.i;
    if (last - first + 1 !== mine.length) {
      throw new GatehouseError('CONFIG_INVALID', `${opts.path}: the tables of server ${name} are not next to each other; Gatehouse will not edit it`);
    }
    const start = headers[first]!.start;
    const limit = headers[last + 1]?.start ?? body.length;
    let end = start;
    for (const line of lines) {
      if (line.start < start || line.start >= limit) continue;
      if (line.text.trim() !== '' && !line.text.trim().startsWith('#')) end = line.next;
    }
    return [start, end];
  };

  const spliced = (start: number, end: number, content: string) => {
    const next = bom + body.slice(0, start) + content + body.slice(end);
    try {
      parse(next.slice(bom.length));
    } catch (e) {
      throw new GatehouseError('INTERNAL', `editing ${opts.path} would produce invalid TOML (${(e as Error).message.split('\n')[0]}); nothing was written`);
    }
    return next;
  };

  return {
    format: 'toml',
    entries: () => entries,
    rawOf: (name) => {
      const r = rangeOf(name);
      return r ? body.slice(r[0], r[1]) : null;
    },
    withEntry: (name, value) => {
      const r = rangeOf(name);
      if (r) {
        const endsWithNl = body[r[1] - 1] === '\n';
        const table = renderTable(opts.serversKey, name, value, eol);
        return spliced(r[0], r[1], endsWithNl ? table : table.slice(0, -eol.length));
      }
      let sep = '';
      if (body.length && !body.endsWith('\n')) sep = eol + eol;
      else if (body.length && !/(\r?\n){2}$/.test(body)) sep = eol;
      return spliced(body.length, body.length, sep + renderTable(opts.serversKey, name, value, eol));
    },
    withRaw: (name, raw) => {
      const r = rangeOf(name);
      if (!r) throw new GatehouseError('NOT_FOUND', `${opts.path} has no entry named ${name}`);
      return spliced(r[0], r[1], raw);
    },
    withoutEntry: (name) => {
      const r = rangeOf(name);
      if (!r) return text;
      // Also the blank line that separated the table from what came before it.
      let start = r[0];
      const before = body.slice(0, start);
      const m = /(\r?\n)(\r?\n)$/.exec(before);
      if (m) start -= m[2]!.length;
      return spliced(start, r[1], '');
    },
  };
}
