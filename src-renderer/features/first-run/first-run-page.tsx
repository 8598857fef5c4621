// The two-minute path (UX.md "The first run"): Claude Desktop found → servers ticked
// and one key allowed the tools each has today → the masked diff → apply, restart.
// The state and actions live in useFirstRunFlow; each step is its own component.
import type { ReactNode } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { AppWindow } from 'lucide-react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { useFirstRun } from '../client-apps/use-clients';
import { DoneStep, KeyStep, NextLinks, PickStep, PreviewStep } from './first-run-steps';
import { setFirstRunSkipped } from './skip';
import { useFirstRunFlow } from './use-first-run-flow';

export function FirstRunPage() {
  const status = useFirstRun();
  const navigate = useNavigate();
  const cd = status.data?.claudeDesktop ?? null;
  const flow = useFirstRunFlow(cd);

  const skip = () => {
    setFirstRunSkipped(true);
    void navigate({ to: '/' });
  };
  const page = (body: ReactNode) => (
    <div className="mx-auto max-w-3xl px-6 py-5">
      <Header onSkip={flow.step < 4 ? skip : null} />
      {body}
    </div>
  );

  if (status.isPending) return page(<Loading>Looking for Claude Desktop…</Loading>);
  if (status.isError) return page(<LoadError what="Claude Desktop’s config" error={status.error} onRetry={() => void status.refetch()} />);
  if (!cd || (flow.step === 1 && cd.unprotected.length === 0 && !cd.error && !cd.warning)) {
    return page(
      <EmptyState icon={AppWindow} title={cd ? 'Nothing left to protect in Claude Desktop' : 'Claude Desktop was not found'} actions={<NextLinks />}>
        {cd
          ? 'Every server Claude Desktop starts is already protected, or none can be protected yet. Clients shows each one.'
          : 'Gatehouse looked for its config at the usual place. Install Claude Desktop and add an MCP server to it, or protect another app from Clients.'}
      </EmptyState>,
    );
  }
  return page(
    <>
      <ol aria-label="Steps" className="space-y-3">
        <PickStep cd={cd} flow={flow} />
        <KeyStep flow={flow} />
        <PreviewStep flow={flow} />
        <DoneStep flow={flow} />
      </ol>
      {flow.error ? (
        <Alert tone="danger" live className="mt-3">
          {flow.error}
        </Alert>
      ) : null}
    </>,
  );
}

function Header({ onSkip }: { onSkip: (() => void) | null }) {
  return (
    <div className="mb-5 flex items-end justify-between gap-4">
      <div>
        <h1 className="text-lg font-semibold tracking-tight">Protect Claude Desktop</h1>
        <p className="text-[13px] text-muted">
          Two minutes: Gatehouse starts Claude Desktop’s servers for it, and checks every tool call against one key.
        </p>
      </div>
      {onSkip ? (
        <Button variant="ghost" onClick={onSkip}>
          Skip for now
        </Button>
      ) : null}
    </div>
  );
}
