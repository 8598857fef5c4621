import type { ErrorComponentProps } from '@tanstack/react-router';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { errorMessage } from '../lib/api';

/** A screen that failed to load or render: say so where it happened, offer a retry. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <div className="p-6">
      <Alert
        tone="danger"
        live
        action={
          <Button size="sm" onClick={() => (reset ? reset() : window.location.reload())}>
            Try again
          </Button>
        }
      >
        <p className="font-medium">This screen could not be shown.</p>
        <p>{errorMessage(error)}</p>
      </Alert>
    </div>
  );
}
