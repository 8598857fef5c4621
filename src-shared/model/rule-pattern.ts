// What a permission rule's pattern means, shared by the policy engine (src-main/core/policy),
// the admin API's validation and the Permissions screen, so all read a rule the same way.
//
//   SERVER:TOOLGLOB             a tool (unchanged since the first release)
//   SERVER:tool:TOOLGLOB        the same, spelled out (needed for a tool whose own name
//                               starts with `tool:`, `resource:` or `prompt:`)
//   SERVER:resource:URIGLOB     resources, resource templates and resource subscriptions, by URI
//   SERVER:prompt:NAMEGLOB      prompts, by name
//
// The word after the first colon is a kind only when it is followed by a colon: `fs:prompt_x`
// is the tool `prompt_x`. Server names cannot hold a colon, so the first colon always ends
// the server part. Globs are over flat names (server and tool names are not paths): `*` is
// any run of characters, `?` is one character, everything else is literal. Not picomatch:
// it crosses `/` only with `{bash: true}`, and it gives `{a,b}`, `[…]` and `!(…)` a meaning,
// while resource rules match URI templates whose braces are literal (README, dependency notes).
export type Capability = 'tool' | 'resource' | 'prompt';
export const capabilities: readonly Capability[] = ['tool', 'resource', 'prompt'];

export interface ParsedPattern {
  server: string;
  kind: Capability;
  /** The glob over tool names, resource URIs (and URI templates) or prompt names. */
  glob: string;
}

export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(re + '$', 's');
}

const KIND_PREFIX = /^(tool|resource|prompt):/;

/** Reads a pattern; a bare `SERVER` (no colon, as stored by hand) means all its tools. */
export function parsePattern(pattern: string): ParsedPattern {
  const i = pattern.indexOf(':');
  if (i < 0) return { server: pattern, kind: 'tool', glob: '*' };
  const server = pattern.slice(0, i);
  const rest = pattern.slice(i + 1);
  const m = KIND_PREFIX.exec(rest);
  return m ? { server, kind: m[1] as Capability, glob: rest.slice(m[0].length) } : { server, kind: 'tool', glob: rest };
}

/** The pattern for a server, kind and glob: tools keep the short spelling unless it would read as a kind. */
export function formatPattern(server: string, kind: Capability, glob: string): string {
  if (kind !== 'tool' || KIND_PREFIX.test(glob)) return `${server}:${kind}:${glob}`;
  return `${server}:${glob}`;
}

/** What is wrong with a pattern, in words that name the fix; null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (/\s/.test(pattern)) return `a rule holds no spaces: "${pattern}"`;
  const i = pattern.indexOf(':');
  if (i <= 0) return 'a rule is SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB, for example fs:read_* or *:*';
  const p = parsePattern(pattern);
  if (!p.glob) {
    return p.kind === 'tool' && !pattern.slice(i + 1).startsWith('tool:')
      ? `give the tool after "${p.server}:", for example ${p.server}:* for every tool`
      : `give the ${p.kind === 'resource' ? 'URI' : 'name'} glob after "${p.server}:${p.kind}:", for example ${p.server}:${p.kind}:*`;
  }
  return null;
}

/** The rules that give (or take) a whole server: its tools, resources and prompts. */
export function wholeServerPatterns(server: string): string[] {
  return [`${server}:*`, `${server}:resource:*`, `${server}:prompt:*`];
}

/** Splits `SERVER:REST` at the first colon (REST still carries any kind word). */
export function splitPattern(pattern: string): [string, string] {
  const i = pattern.indexOf(':');
  return i < 0 ? [pattern, '*'] : [pattern.slice(0, i), pattern.slice(i + 1)];
}
