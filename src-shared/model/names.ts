// What a name may be: the grammar of Gatehouse's own identifiers. A registry name appears
// in rules (`SERVER:TOOL`), in the guard's `--server` and in the gateway URL.
export const SERVER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const SERVER_NAME_RULE = 'a server name is letters, digits, _ . - (up to 64), starting with a letter or digit';
export const KEY_ID_RE = /^key_[A-Za-z0-9]{8,32}$/;

export function isServerName(name: string): boolean {
  return SERVER_NAME_RE.test(name);
}
