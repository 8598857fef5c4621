// The four steps of the first run, one component each, over the flow's state and actions.
import { Link } from '@tanstack/react-router';
import type { FirstRunStatus } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { DiffView } from '../client-apps/diff-view';
import { ServerPicker } from '../client-apps/server-picker';
import { NewKeySecret } from '../keys/new-key-secret';
import { FoundTools } from './found-tools';
import { foundTitle, StepCard } from './step-card';
import type { FirstRunFlow } from './use-first-run-flow';

type ClaudeDesktop = NonNullable<FirstRunStatus['claudeDesktop']>;

/** Where to go once Claude Desktop is protected, or when there is nothing to protect. */
export function NextLinks() {
  return (
    <>
      <Link to="/clients" className="inline-flex h-8 items-center rounded-md border border-border-strong px-3 text-sm font-medium hover:bg-surface-2">
        Open Clients
      </Link>
      <Link to="/" className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:bg-accent-hover">
        Go to Overview
      </Link>
    </>
  );
}

/** Step 1: the config found, and its servers to tick (or why it will not be changed). */
export function PickStep({ cd, flow }: { cd: ClaudeDesktop; flow: FirstRunFlow }) {
  return (
    <StepCard n={1} step={flow.step} title={foundTitle(cd)}>
      <div className="space-y-3 px-4 py-3">
        <p className="font-mono text-[12px] break-all text-muted">{cd.configPath}</p>
        {cd.error ? (
          <Alert tone="danger">
            <p className="font-medium">This file could not be read, so Gatehouse will not change it.</p>
            <p>{cd.error.message}</p>
            <p className="mt-1">Fix the file first, then come back.</p>
          </Alert>
        ) : cd.warning ? (
          <Alert tone="warning">
            {cd.warning}. Choose the right one on the <Link to="/clients" className="underline">Clients</Link> screen.
          </Alert>
        ) : (
          <PickForm cd={cd} flow={flow} />
        )}
      </div>
    </StepCard>
  );
}

function PickForm({ cd, flow }: { cd: ClaudeDesktop; flow: FirstRunFlow }) {
  const servers = cd.servers.map((s) => {
    const can = cd.unprotected.includes(s.name);
    const badge = can ? null : <Badge tone={s.status === 'protected' ? 'ok' : 'neutral'}>{s.status === 'protected' ? 'protected' : 'cannot protect yet'}</Badge>;
    return { name: s.name, target: s.target, disabled: !can, badge };
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (flow.picked.length) void flow.findTools();
      }}
    >
      <fieldset>
        <legend className="mb-2 text-[13px] font-semibold">Servers to protect</legend>
        <ServerPicker picked={flow.picked} setPicked={flow.setPicked} servers={servers} />
      </fieldset>
      <div className="mt-3 flex justify-end">
        <Button type="submit" variant="primary" disabled={flow.picked.length === 0}>
          Continue
        </Button>
      </div>
    </form>
  );
}

/** Step 2: what each server offers today, then the key, shown once. */
export function KeyStep({ flow }: { flow: FirstRunFlow }) {
  return (
    <StepCard n={2} step={flow.step} title="One key for Claude Desktop, allowed the tools each server has today, its resources and prompts">
      {flow.created?.secret ? (
        <div>
          <NewKeySecret
            secret={flow.created.secret}
            intro="This key goes into Claude Desktop’s config in the next step. Keep a copy if you want to use it elsewhere."
            onDone={() => flow.toPreview()}
          />
        </div>
      ) : (
        <KeyForm flow={flow} />
      )}
    </StepCard>
  );
}

function KeyForm({ flow }: { flow: FirstRunFlow }) {
  const { found, busy } = flow;
  const failed = found.filter((f) => f.state === 'failed');
  const skipped = found.filter((f) => f.state === 'skipped');
  return (
    <div className="space-y-3 px-4 py-3">
      <FoundTools found={found} onChoice={flow.choose} onSkip={flow.skip} onRetry={busy ? undefined : (name) => void flow.discover([name])} />
      {failed.length ? (
        <Alert tone="warning">
          {failed.map((f) => f.name).join(', ')}: {failed[0]!.error} The key will not allow {failed.length === 1 ? 'its' : 'their'} tools
          yet; allow them later in Permissions once discovery works.
        </Alert>
      ) : null}
      {skipped.length ? (
        <Alert tone="info">
          Skipped {skipped.map((f) => f.name).join(', ')}: the key will not allow {skipped.length === 1 ? 'its' : 'their'} tools yet. Try
          again here, or allow them later in Permissions.
        </Alert>
      ) : null}
      <p className="text-[13px] text-muted">
        The key is named “Claude Desktop” and expires in 90 days; Overview warns a week before. You can change what it allows in
        Permissions.
      </p>
      <div className="flex items-center justify-end gap-3">
        <Busy text={busy} />
        <Button variant="primary" onClick={() => void flow.createKey()} disabled={busy !== null}>
          Create key
        </Button>
      </div>
    </div>
  );
}

function Busy({ text }: { text: string | null }) {
  return text ? (
    <span className="text-[13px] text-muted" aria-live="polite">
      {text}
    </span>
  ) : null;
}

/** Step 3: the diff of the file, secrets masked, and Apply. */
export function PreviewStep({ flow }: { flow: FirstRunFlow }) {
  const { preview } = flow;
  return (
    <StepCard n={3} step={flow.step} title="Preview the change to claude_desktop_config.json">
      <div className="space-y-3 px-4 py-3">
        {preview ? (
          <>
            <p className="text-sm">
              Each server’s entry will start Gatehouse’s guard, which starts the server. Its secrets move into Gatehouse’s vault.
              Secret values are masked. A backup of the file is kept.
            </p>
            <DiffView diff={preview.diff} label={`Changes to ${preview.path}`} />
          </>
        ) : (
          <p className="text-[13px] text-muted" aria-live="polite">
            {flow.busy}
          </p>
        )}
        <div className="flex justify-end">
          <Button variant="primary" onClick={flow.apply} disabled={!preview || flow.applying}>
            {flow.applying ? 'Applying…' : 'Apply'}
          </Button>
        </div>
      </div>
    </StepCard>
  );
}

/** Step 4: what was protected, and the restart that applies it. */
export function DoneStep({ flow }: { flow: FirstRunFlow }) {
  const { change } = flow;
  return (
    <StepCard n={4} step={flow.step} title="Apply, then restart Claude Desktop">
      {change ? (
        <div className="space-y-3 px-4 py-3">
          <div role="status">
            <Alert tone="info">
              <p className="font-medium">
                Protected {change.servers.length} {change.servers.length === 1 ? 'server' : 'servers'}: {change.servers.join(', ')}.
              </p>
              <p>{change.restartNotice ?? 'Claude Desktop picks the change up on its own.'}</p>
            </Alert>
          </div>
          <p className="text-[13px] text-muted">
            Quit Claude Desktop completely and open it again: its servers now start through Gatehouse. Calls show up in Audit.
          </p>
          <div className="flex justify-end gap-2">
            <NextLinks />
          </div>
        </div>
      ) : null}
    </StepCard>
  );
}
