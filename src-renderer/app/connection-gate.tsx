import { useSyncExternalStore, type ReactNode } from 'react';
import { LockKeyhole } from 'lucide-react';
import { getConnectionState, subscribeConnectionState } from '../lib/connection-state';

export function useConnectionState() {
  return useSyncExternalStore(subscribeConnectionState, getConnectionState);
}

/** Replaces the whole app once the browser session has ended: nothing else can work. */
export function ConnectionGate({ children }: { children: ReactNode }) {
  const state = useConnectionState();
  if (state !== 'session-ended') return <>{children}</>;
  return (
    <main className="flex h-full items-center justify-center bg-surface p-6">
      <div role="alert" className="max-w-md rounded-lg border border-border bg-bg p-6 shadow-sm">
        <LockKeyhole aria-hidden="true" className="mb-3 size-6 text-muted" />
        <h1 className="text-lg font-semibold">Your session has ended</h1>
        <p className="mt-2 text-sm text-muted">
          Open the admin URL that <code className="font-mono text-fg">gatehouse serve</code> printed (it works once),
          or restart <code className="font-mono text-fg">gatehouse serve</code>.
        </p>
      </div>
    </main>
  );
}
