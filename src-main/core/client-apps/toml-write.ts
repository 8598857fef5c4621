// Writes TOML: keys, strings, values and the `[mcp_servers.NAME]` table Gatehouse puts
// in a Codex config. Strings are always basic strings with every control character
// escaped, so any server name (spaces, quotes, emoji) round-trips.
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
  if (v && typeof v === 'object') return tomlInline(v as Record<string, unknown>);
  return '""';
}

/** `{ k = v, … }` on one line (TOML 1.0 inline tables cannot span lines). */
export function tomlInline(value: Record<string, unknown>): string {
  const parts = Object.entries(value)
    .filter(([, x]) => x !== undefined && x !== null)
    .map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

/** `[mcp_servers.NAME]` with one `key = value` line per field (nested tables inline), ending with a line break. */
export function renderTable(serversKey: string, name: string, value: Record<string, unknown>, eol: string): string {
  const lines = [`[${tomlKey(serversKey)}.${tomlKey(name)}]`];
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) lines.push(`${tomlKey(k)} = ${tomlValue(v)}`);
  return lines.join(eol) + eol;
}
