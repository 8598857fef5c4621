// Edits one server entry of a TOML config (Codex CLI): the `[mcp_servers.NAME]` table
// with its sub-tables (`[mcp_servers.NAME.env]`), or a `NAME = { … }` inline table.
// Where the entry starts and ends comes from a real TOML parser's source ranges
// (toml-eslint-parser, the parser behind eslint-plugin-toml): text is never scanned
// line by line, so a `"""` in a comment or a `[table]` line inside a multi-line string
// cannot move a boundary. smol-toml gives the values; every other byte stays as it was.
import { parseTOML, type AST } from 'toml-eslint-parser';
import { parse } from 'smol-toml';
import { GatehouseError } from '../errors';
import type { ConfigDoc } from './config-doc';
import { renderTable, tomlInline, tomlKey } from './toml-write';

export { tomlKey, tomlString } from './toml-write';

function invalid(path: string, message: string): GatehouseError {
  return new GatehouseError('CONFIG_INVALID', `${path} is not valid TOML (${message}). Fix the file first: Gatehouse does not change a file it cannot parse.`);
}

/** Parses with `fn`; a refusal is CONFIG_INVALID with the parser's first line and where. */
function strictly<T>(fn: () => T, path: string): T {
  try {
    return fn();
  } catch (e) {
    const err = e as Error & { lineNumber?: number };
    const where = err.lineNumber ? ` at line ${err.lineNumber}` : '';
    throw invalid(path, `${err.message.split('\n')[0]!}${where}`);
  }
}

/** The source nodes that define an entry: its tables, or the one key/value holding its inline table. */
interface EntryNodes {
  nodes: { range: [number, number] }[];
  inline: AST.TOMLKeyValue | null;
  /** Index of the first and last node in the top-level body, to check they are adjacent. */
  first: number;
  last: number;
}

const keyPath = (key: AST.TOMLKey): string[] => key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));

/** The full key path of a top-level body element: a table's header, or a key/value inside the table before it. */
function pathOf(node: AST.TOMLKeyValue | AST.TOMLTable, table: AST.TOMLTable | null): (string | number)[] {
  if (node.type === 'TOMLTable') return node.resolvedKey;
  return [...(table ? table.resolvedKey : []), ...keyPath(node.key)];
}

function findEntry(ast: AST.TOMLProgram, serversKey: string, name: string): EntryNodes | null {
  const found: EntryNodes = { nodes: [], inline: null, first: -1, last: -1 };
  const body = ast.body[0].body;
  const note = (node: { range: [number, number] }, i: number) => {
    found.nodes.push(node);
    if (found.first < 0) found.first = i;
    found.last = i;
  };
  body.forEach((node, i) => {
    const mine = (p: (string | number)[]) => p[0] === serversKey && p[1] === name;
    if (node.type === 'TOMLTable') {
      if (mine(node.resolvedKey)) note(node, i);
      for (const kv of node.body) {
        const p = pathOf(kv, node);
        if (mine(p)) {
          if (p.length === 2 && kv.value.type === 'TOMLInlineTable') found.inline = kv;
          found.nodes.push(kv);
        }
      }
    } else if (mine(pathOf(node, null))) {
      if (keyPath(node.key).length === 2 && node.value.type === 'TOMLInlineTable') found.inline = node;
      note(node, i);
    }
  });
  return found.nodes.length ? found : null;
}

/** The end of the node's last line when only a comment follows it there; else the node's end. */
function endWithComment(text: string, end: number): number {
  const m = /^[ \t]*(#[^\r\n]*)?/.exec(text.slice(end))!;
  return m[1] ? end + m[0].length : end;
}

export function parseTomlConfig(text: string, opts: { serversKey: string; path: string }): ConfigDoc {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const data = strictly(() => parse(body) as Record<string, unknown>, opts.path);
  // The source tree is needed only to edit (reading the servers is the common case, on
  // every Clients refresh); both parsers must accept a file before it is edited.
  let tree: AST.TOMLProgram | undefined;
  const ast = () => (tree ??= strictly(() => parseTOML(body), opts.path));
  const map = data[opts.serversKey];
  if (map !== undefined && (typeof map !== 'object' || Array.isArray(map) || map instanceof Date)) {
    throw new GatehouseError('CONFIG_INVALID', `${opts.path}: ${opts.serversKey} is not a table; fix it before protecting servers`);
  }
  const entries = (map ?? {}) as Record<string, unknown>;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const ranges = new Map<string, { range: [number, number]; inline: AST.TOMLKeyValue | null }>();

  /** [start, end) of the entry's source, without the blank lines and comments that follow it. */
  const rangeOf = (name: string) => {
    if (ranges.has(name)) return ranges.get(name)!;
    const found = findEntry(ast(), opts.serversKey, name);
    if (!found) return null;
    const tables = found.nodes.filter((n) => (n as AST.TOMLTable).type === 'TOMLTable').length;
    if (found.inline ? found.nodes.length !== 1 : tables === 0 || found.last - found.first + 1 !== tables) {
      throw new GatehouseError(
        'CONFIG_INVALID',
        `${opts.path}: server ${name} is spread over dotted keys or tables that are not next to each other; ` +
          `Gatehouse edits a [${opts.serversKey}.${tomlKey(name)}] table (with its sub-tables) or one inline table. Move it together first.`,
      );
    }
    const start = Math.min(...found.nodes.map((n) => n.range[0]));
    const end = endWithComment(body, Math.max(...found.nodes.map((n) => n.range[1])));
    const r = { range: [start, end] as [number, number], inline: found.inline };
    ranges.set(name, r);
    return r;
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

  /** The new source of an existing entry: a table again, or an inline table where it was one. */
  const replacement = (name: string, value: Record<string, unknown>, at: { range: [number, number]; inline: AST.TOMLKeyValue | null }) => {
    if (at.inline) return `${body.slice(at.inline.key.range[0], at.inline.key.range[1])} = ${tomlInline(value)}`;
    const table = renderTable(opts.serversKey, name, value, eol);
    return table.slice(0, -eol.length);
  };

  return {
    format: 'toml',
    entries: () => entries,
    rawOf: (name) => {
      const r = rangeOf(name);
      return r ? body.slice(r.range[0], r.range[1]) : null;
    },
    withEntry: (name, value) => {
      const r = rangeOf(name);
      if (r) return spliced(r.range[0], r.range[1], replacement(name, value, r));
      let sep = '';
      if (body.length && !body.endsWith('\n')) sep = eol + eol;
      else if (body.length && !/(\r?\n){2}$/.test(body)) sep = eol;
      return spliced(body.length, body.length, sep + renderTable(opts.serversKey, name, value, eol));
    },
    withRaw: (name, raw) => {
      const r = rangeOf(name);
      if (!r) throw new GatehouseError('NOT_FOUND', `${opts.path} has no entry named ${name}`);
      return spliced(r.range[0], r.range[1], raw);
    },
    withoutEntry: (name) => {
      const r = rangeOf(name);
      if (!r) return text;
      let [start, end] = r.range;
      // The whole line(s): the indentation before, the line break after, and the blank
      // line that separated the entry from what came before it.
      const lineStart = body.lastIndexOf('\n', start - 1) + 1;
      if (/^[ \t]*$/.test(body.slice(lineStart, start))) start = lineStart;
      const after = /^\r?\n/.exec(body.slice(end));
      if (after) end += after[0].length;
      const m = /(\r?\n)(\r?\n)$/.exec(body.slice(0, start));
      if (m) start -= m[2]!.length;
      return spliced(start, end, '');
    },
  };
}
