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
