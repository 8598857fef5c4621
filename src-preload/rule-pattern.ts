// What a permission rule's pattern `SERVER:TOOLGLOB` means, shared by the policy engine
// (src-main/core/policy) and the Permissions screen, so both read a rule the same way.
// Globs are over flat names (server and tool names are not paths): `*` is any run of
// characters, `?` is one character, everything else is literal. picomatch was the first
// choice, but its `*` stops at `/`, so `fs:*` would miss a tool named `a/b`.
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(re + '$', 's');
}

/** Splits `SERVER:TOOLGLOB` at the first colon; a bare `SERVER` means all its tools. */
export function splitPattern(pattern: string): [string, string] {
  const i = pattern.indexOf(':');
  return i < 0 ? [pattern, '*'] : [pattern.slice(0, i), pattern.slice(i + 1)];
}
