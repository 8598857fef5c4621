// fast-check generators of client configs as people and their apps write them: JSON
// in any indentation and line ending, JSONC with comments and trailing commas, TOML with
// comments, multi-line strings, inline tables, arrays of tables and sub-tables. Each
// config is generated as a model, then written out by a small writer of its own (not
// Gatehouse's), so a writer bug cannot hide an editor bug.
import fc from 'fast-check';

export interface ServerModel {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  extra: Record<string, boolean | number>;
}

export interface ConfigModel {
  servers: ServerModel[];
  /** Other top-level settings, which must survive untouched. */
  settings: Record<string, string | number | boolean | string[]>;
  /** Text for comments, picked in turn. */
  comments: string[];
  eol: '\n' | '\r\n';
  indent: string;
  /** Per server: TOML inline table instead of a [table]; JSON on one line. */
  inline: boolean[];
  trailingCommas: boolean;
  /** Positions of the other TOML tables among the servers' tables. */
  order: number[];
}

/** A character TOML allows in no comment and no literal string (tab aside). */
const isControl = (ch: string) => {
  const c = ch.codePointAt(0)!;
  return (c < 0x20 && c !== 0x09) || c === 0x7f;
};

// Text that has broken line-based editors: quote runs, headers, braces, comment openers.
const TRICKY = ['"""', "'''", '[mcp_servers.x]', '[[a]]', '{', '}', '",', '//', '/*', '*/', '#', '\\', '=', ' '];
const plain = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 12 });
const tricky = fc.array(fc.oneof(plain, fc.constantFrom(...TRICKY)), { maxLength: 5 }).map((parts) => parts.join(''));
const name = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
  fc.constantFrom('my files (work)', 'Café ☕', 'awslabs.aws-documentation-mcp-server', '🚀', 'a.b', 'x"y', "it's", 'mcp_servers'),
);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
const RESERVED = new Set(['mcp_servers', 'mcpServers', 'servers', 'profile', 'history']);
const settingKey = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/).filter((k) => !RESERVED.has(k));
const settingValue = fc.oneof(tricky, fc.integer({ min: -1e6, max: 1e6 }), fc.boolean(), fc.array(tricky, { maxLength: 3 }));

const server: fc.Arbitrary<Omit<ServerModel, 'name'>> = fc.record({
  command: fc.oneof(fc.constantFrom('npx', 'uvx', 'C:\\Program Files\\node.exe'), tricky.filter((s) => s.length > 0)),
  args: fc.array(tricky, { maxLength: 4 }),
  env: fc.dictionary(envName, tricky, { maxKeys: 3 }),
  extra: fc.dictionary(fc.constantFrom('disabled', 'timeout', 'trust'), fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 1000 })), { maxKeys: 2 }),
});

export const configModel: fc.Arbitrary<ConfigModel> = fc
  .record({
    names: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
    bodies: fc.array(server, { minLength: 5, maxLength: 5 }),
    settings: fc.dictionary(settingKey, settingValue, { maxKeys: 4 }),
    // Comments hold no line break and no control character (TOML allows neither).
    comments: fc.array(tricky.map((t) => [...t].map((ch) => (isControl(ch) || ch === '\n' || ch === '\u2028' || ch === '\u2029' ? ' ' : ch)).join('')), { minLength: 1, maxLength: 6 }),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    indent: fc.constantFrom('  ', '    ', '\t'),
    inline: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    trailingCommas: fc.boolean(),
    order: fc.array(fc.nat(6), { minLength: 3, maxLength: 3 }),
  })
  .map(({ names, bodies, ...rest }) => ({ ...rest, servers: names.map((n, i) => ({ name: n, ...bodies[i]! })) }));

/** The entry a model server is in a client's config. */
export function entryOf(s: ServerModel): Record<string, unknown> {
  return { command: s.command, args: s.args, ...(Object.keys(s.env).length ? { env: s.env } : {}), ...s.extra };
}

// ---- JSON and JSONC ----

function jsonValue(v: unknown, m: ConfigModel, depth: number, jsonc: boolean, flat: boolean): string {
  if (Array.isArray(v) || v === null || typeof v !== 'object') return JSON.stringify(v);
  const entries = Object.entries(v as Record<string, unknown>);
  if (!entries.length) return '{}';
  const pad = m.indent.repeat(depth + 1);
  const comment = (i: number) => (jsonc ? `/* ${m.comments[(depth + i) % m.comments.length]!.replace(/\*\//g, '* /')} */ ` : '');
  const parts = entries.map(([k, x], i) => `${comment(i)}${JSON.stringify(k)}: ${jsonValue(x, m, depth + 1, jsonc, flat)}`);
  const trailing = jsonc && m.trailingCommas ? ',' : '';
  if (flat) return `{ ${parts.join(', ')}${trailing} }`;
  return `{${m.eol}${parts.map((p) => pad + p).join(`,${m.eol}`)}${trailing}${m.eol}${m.indent.repeat(depth)}}`;
}

export function writeJson(m: ConfigModel, serversKey: string, jsonc: boolean): string {
  const e = m.eol;
  const pad = (n: number) => m.indent.repeat(n);
  const trailing = jsonc && m.trailingCommas ? ',' : '';
  // Entries on one line where the model says so, pretty elsewhere.
  const entries = m.servers.map((s, i) => `${pad(2)}${JSON.stringify(s.name)}: ${jsonValue(entryOf(s), m, 2, jsonc, m.inline[i]!)}`);
  const map = `{${e}${entries.join(`,${e}`)}${trailing}${e}${pad(1)}}`;
  const settings = Object.entries(m.settings).map(([k, v]) => `${pad(1)}${JSON.stringify(k)}: ${jsonValue(v, m, 1, jsonc, false)}`);
  const at = Math.min(m.order[0]!, settings.length);
  settings.splice(at, 0, `${pad(1)}${JSON.stringify(serversKey)}: ${map}`);
  const line = jsonc ? `// ${m.comments[0]!}${e}` : '';
  return `${line}{${e}${settings.join(`,${e}`)}${trailing}${e}}${e}`;
}

// ---- TOML ----

const tomlStr = (s: string) => JSON.stringify(s).replace(/\u007f/g, '\\u007f');
const tomlVal = (v: unknown): string => (Array.isArray(v) ? `[${v.map(tomlVal).join(', ')}]` : typeof v === 'string' ? tomlStr(v) : String(v));
const inlineTable = (o: Record<string, unknown>): string => `{ ${Object.entries(o).map(([k, v]) => `${tomlStr(k)} = ${typeof v === 'object' && !Array.isArray(v) ? inlineTable(v as Record<string, unknown>) : tomlVal(v)}`).join(', ')} }`;

function tomlServer(s: ServerModel, m: ConfigModel, i: number): string {
  const e = m.eol;
  const head = `[mcp_servers.${tomlStr(s.name)}]`;
  const comment = `# ${m.comments[i % m.comments.length]!}`;
  // A literal multi-line argument holding a header-like line, where the model has args.
  const args = s.args.length ? `[${s.args.map((a, k) => (k === 0 && !a.includes("'''") && ![...a].some((ch) => isControl(ch) && ch !== '\n') ? `'''${e}[mcp_servers.fake]${e}${a}'''` : tomlStr(a))).join(', ')}]` : '[]';
  const lines = [`${head} ${comment}`, `command = ${tomlStr(s.command)}`, comment, `args = ${args}`];
  for (const [k, v] of Object.entries(s.extra)) lines.push(`${k} = ${tomlVal(v)}`);
  if (Object.keys(s.env).length) lines.push('', `[mcp_servers.${tomlStr(s.name)}.env]`, ...Object.entries(s.env).map(([k, v]) => `${k} = ${tomlVal(v)}`));
  return lines.join(e) + e;
}

export function writeToml(m: ConfigModel): string {
  const e = m.eol;
  const top = Object.entries(m.settings).filter(([, v]) => !Array.isArray(v) || v.length);
  const blocks: string[] = m.servers.filter((_, i) => !m.inline[i]).map((s, i) => tomlServer(s, m, i));
  const inline = m.servers.filter((_, i) => m.inline[i]);
  const others = [
    `[profile] # ${m.comments.at(-1)!}${e}notes = """${e}[mcp_servers.not_a_table]${e}"""${e}`,
    `[[history]]${e}at = 1${e}`,
    inline.length ? `[mcp_servers]${e}${inline.map((s) => `${tomlStr(s.name)} = ${inlineTable(entryOf(s))}`).join(e)}${e}` : '',
  ];
  m.order.forEach((at, k) => others[k] && blocks.splice(Math.min(at, blocks.length), 0, others[k]!));
  return [top.map(([k, v]) => `${k} = ${tomlVal(v)}`).join(e), ...blocks].filter(Boolean).join(e);
}
