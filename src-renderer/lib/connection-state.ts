// What the shell needs to know about the link to Gatehouse, outside any one query:
// a 401 ends the browser session for every screen at once, and a network failure
// means nothing on screen can be trusted to be fresh.
export type ConnectionState = 'ok' | 'unreachable' | 'session-ended';

let state: ConnectionState = 'ok';
const listeners = new Set<() => void>();

export function getConnectionState(): ConnectionState {
  return state;
}

export function setConnectionState(next: ConnectionState): void {
  // A session that ended stays ended: only a new sign-in (a page load) restores it.
  if (state === next || state === 'session-ended') return;
  state = next;
  for (const l of listeners) l();
}

export function subscribeConnectionState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
