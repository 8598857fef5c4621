// Who an audit event is on behalf of. The admin API runs each call inside `asActor`
// (desktop, admin-web, cli), so every event a core service records during that call
// names its actor without each service passing it along. MCP events name their
// principal (and the guard or gateway as the actor); events with neither are the
// process's own work (`system`, or `guard`/`cli` when the process says so).
import { AsyncLocalStorage } from 'node:async_hooks';

export type AdminActor = 'desktop' | 'admin-web' | 'cli';

const current = new AsyncLocalStorage<string>();

/** Runs `fn` (and whatever it awaits) on behalf of `actor`. */
export function asActor<T>(actor: string, fn: () => T): T {
  return current.run(actor, fn);
}

/** The actor of the call in progress, if one is running. */
export function currentActor(): string | undefined {
  return current.getStore();
}
