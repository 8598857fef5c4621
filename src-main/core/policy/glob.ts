// Globs over flat names (server and tool names are not paths): `*` is any run of
// characters, `?` is one character, everything else is literal. picomatch was the
// first choice, but its `*` stops at `/`, so `fs:*` would miss a tool named `a/b`.
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(re + '$', 's');
}

export function isLiteral(glob: string): boolean {
  return !/[*?]/.test(glob);
}
