// What the API keys screen opens from its URL (#/keys?key=key_…&open=rotate): the command
// palette and other screens link straight to a key's details or an action on it.
// Kept free of zod: the router (first load) imports this file.
export const keyActions = ['details', 'edit', 'rotate', 'revoke'] as const;
export type KeyAction = (typeof keyActions)[number];

export interface KeysSearch {
  key?: string;
  open?: KeyAction | 'create';
}

export function parseKeysSearch(raw: Record<string, unknown>): KeysSearch {
  const out: KeysSearch = {};
  if (typeof raw.key === 'string' && /^key_[A-Za-z0-9]{8,32}$/.test(raw.key)) out.key = raw.key;
  if (raw.open === 'create' || (out.key && keyActions.includes(raw.open as KeyAction))) out.open = raw.open as KeysSearch['open'];
  if (out.key && !out.open) out.open = 'details';
  return out;
}
