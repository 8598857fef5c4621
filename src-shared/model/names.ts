// What a name may be: the grammar of Gatehouse's own identifiers. A registry name appears
// in rules (`SERVER:TOOL`), in the guard's `--server` and in the gateway URL.
// And how far apart two names are, for the "did you mean" of a typo (the CLI, the key form).
export const SERVER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const SERVER_NAME_RULE = 'a server name is letters, digits, _ . - (up to 64), starting with a letter or digit';
export const KEY_ID_RE = /^key_[A-Za-z0-9]{8,32}$/;

export function isServerName(name: string): boolean {
  return SERVER_NAME_RE.test(name);
}

/** Levenshtein distance: edits (insert, delete, replace) between two short strings; stops counting past `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
