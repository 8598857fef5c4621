import type { ReactNode } from 'react';
import { Alert } from './alert';
import { Button } from './button';
import { errorMessage } from '../../lib/api';

/** A list that could not be loaded: what failed, why, and a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  return (
    <Alert
      tone="danger"
      live
      action={
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      }
    >
      <p className="font-medium">{what} could not be loaded.</p>
      <p>{errorMessage(error)}</p>
    </Alert>
  );
}

/** A list or screen still on its way, said where it will appear. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="py-10 text-center text-sm text-muted" aria-live="polite">
      {children}
    </p>
  );
}

/** What a screen needs of a query to say where it stands (TanStack Query's result has it). */
interface QueryStatus {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A list's place on a screen, in the order every list screen follows: a loading line
 * while it loads, the load error with a retry, the empty state when there is nothing,
 * else the list itself.
 */
export function QueryStates({
  query,
  loading,
  what,
  isEmpty,
  empty,
  children,
}: {
  query: QueryStatus;
  /** Said while it loads, e.g. "Loading servers…". */
  loading: string;
  /** What could not be loaded, e.g. "The servers". */
  what: string;
  isEmpty: boolean;
  empty: ReactNode;
  children: ReactNode;
}) {
  if (query.isPending) return <Loading>{loading}</Loading>;
  if (query.isError) return <LoadError what={what} error={query.error} onRetry={() => void query.refetch()} />;
  return isEmpty ? empty : children;
}
