// The two-minute path (UX.md "The first run"): Claude Desktop found → servers ticked
// and one key allowed the tools each has today → the masked diff → apply, restart.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { AppWindow } from 'lucide-react';
import type { ClientChange, ClientPreview } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { call, errorMessage } from '../../lib/api';
import { clientKeys, keyKeys, serverKeys } from '../../lib/query-keys';
import { CLIENT_KEY_SECONDS } from '../clients/change-dialog';
import { DiffView } from '../clients/diff-view';
import { ServerPicker } from '../clients/server-picker';
import { useFirstRun, useProtect } from '../clients/use-clients';
import { NewKeySecret } from '../keys/new-key-secret';
import { defaultChoice, rulesFor } from './first-run-rules';
import { FoundTools, type Found } from './found-tools';
import { foundTitle, StepCard, type Step } from './step-card';
import { setFirstRunSkipped } from './skip';

const DISCOVERIES_AT_ONCE = 4;

/** Runs `fn` over `items`, at most `n` at a time. */
async function inPool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/** Where to go once Claude Desktop is protected, or when there is nothing to protect. */
function NextLinks() {
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

export function FirstRunPage() {
  const status = useFirstRun();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const protect = useProtect();
  const [step, setStep] = useState<Step>(1);
  const [picked, setPicked] = useState<string[]>([]);
  const [found, setFound] = useState<Found[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [preview, setPreview] = useState<ClientPreview | null>(null);
  const [change, setChange] = useState<ClientChange | null>(null);
  /** Stops waiting for a server's discovery, by name. */
  const skips = useRef(new Map<string, () => void>());

  const cd = status.data?.claudeDesktop ?? null;
  // Ticks start as "every unprotected server", once.
  useEffect(() => {
    if (cd && picked.length === 0 && step === 1) setPicked(cd.unprotected);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cd]);

  function skip() {
    setFirstRunSkipped(true);
    void navigate({ to: '/' });
  }

  /** Step 1 → 2: add the servers to Gatehouse (secrets into the vault), then ask each for its tools. */
  async function findTools() {
    if (!cd?.configPath) return;
    setError(null);
    setBusy('Adding the servers to Gatehouse…');
    setFound(picked.map((name) => ({ name, state: 'waiting', detail: null, error: null, choice: 'all' })));
    setStep(2);
    try {
      await call('servers.importClaude', { path: cd.configPath });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
      return;
    }
    await discover(picked);
  }

  /** A few servers at a time; each can be skipped (its discovery goes on, unwatched, until its timeout). */
  async function discover(names: string[]) {
    const update = (name: string, patch: Partial<Found>) => setFound((f) => f.map((x) => (x.name === name ? { ...x, ...patch } : x)));
    const stopped = new Set<string>();
    const whenSkipped = new Map<string, Promise<null>>();
    for (const name of names) {
      update(name, { state: 'waiting', error: null });
      const skip = new Promise<null>((resolve) =>
        skips.current.set(name, () => {
          stopped.add(name);
          update(name, { state: 'skipped' });
          resolve(null);
        }),
      );
      whenSkipped.set(name, skip);
    }
    setBusy(names.length === 1 ? `Asking ${names[0]} for its tools…` : `Asking ${names.length} servers for their tools…`);
    await inPool(names, DISCOVERIES_AT_ONCE, async (name) => {
      try {
        if (stopped.has(name)) return;
        update(name, { state: 'discovering' });
        const detail = await Promise.race([call('servers.discover', { name }), whenSkipped.get(name)!]);
        if (detail) update(name, { state: 'ready', detail, choice: defaultChoice(detail) });
      } catch (e) {
        if (!stopped.has(name)) update(name, { state: 'failed', error: errorMessage(e) });
      } finally {
        skips.current.delete(name);
      }
    });
    setBusy(null);
    void queryClient.invalidateQueries({ queryKey: serverKeys.all });
  }

  /** Step 2: one key for Claude Desktop, allowed what each server has today. */
  async function createKey() {
    setError(null);
    setBusy('Creating the key…');
    try {
      const rules = rulesFor(found.filter((f) => f.detail).map((f) => ({ detail: f.detail!, choice: f.choice })));
      const made = await call('keys.create', { name: 'Claude Desktop', expiresInSeconds: CLIENT_KEY_SECONDS, rules, rateLimit: null });
      setCreated({ id: made.key.id, secret: made.secret });
      void queryClient.invalidateQueries({ queryKey: keyKeys.all });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  /** Key seen → step 3: the diff of the file, secrets masked. Drops the secret from memory. */
  async function toPreview() {
    if (!created || !cd?.configPath) return;
    const keyId = created.id;
    setCreated({ id: keyId, secret: '' });
    setStep(3);
    setError(null);
    setBusy('Preparing the preview…');
    try {
      setPreview(await call('clients.preview', { client: 'claude-desktop', configPath: cd.configPath, servers: picked, keyId }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  function apply() {
    if (!created || !cd?.configPath) return;
    setError(null);
    protect.mutate(
      { client: 'claude-desktop', configPath: cd.configPath, servers: picked, keyId: created.id },
      {
        onSuccess: (c) => {
          setChange(c);
          setStep(4);
          setFirstRunSkipped(false);
          void queryClient.invalidateQueries({ queryKey: clientKeys.all });
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }

  const header = (
    <div className="mb-5 flex items-end justify-between gap-4">
      <div>
        <h1 className="text-lg font-semibold tracking-tight">Protect Claude Desktop</h1>
        <p className="text-[13px] text-muted">
          Two minutes: Gatehouse starts Claude Desktop’s servers for it, and checks every tool call against one key.
        </p>
      </div>
      {step < 4 ? (
        <Button variant="ghost" onClick={skip}>
          Skip for now
        </Button>
      ) : null}
    </div>
  );

  if (status.isPending) {
    return (
      <div className="mx-auto max-w-3xl px-6 py-5">
        {header}
        <Loading>Looking for Claude Desktop…</Loading>
      </div>
    );
  }
  if (status.isError) {
    return (
      <div className="mx-auto max-w-3xl px-6 py-5">
        {header}
        <LoadError what="Claude Desktop’s config" error={status.error} onRetry={() => void status.refetch()} />
      </div>
    );
  }
  if (!cd || (step === 1 && cd.unprotected.length === 0 && !cd.error && !cd.warning)) {
    return (
      <div className="mx-auto max-w-3xl px-6 py-5">
        {header}
        <EmptyState
          icon={AppWindow}
          title={cd ? 'Nothing left to protect in Claude Desktop' : 'Claude Desktop was not found'}
          actions={<NextLinks />}
        >
          {cd
            ? 'Every server Claude Desktop starts is already protected, or none can be protected yet. Clients shows each one.'
            : 'Gatehouse looked for its config at the usual place. Install Claude Desktop and add an MCP server to it, or protect another app from Clients.'}
        </EmptyState>
      </div>
    );
  }

  const failed = found.filter((f) => f.state === 'failed');
  const skipped = found.filter((f) => f.state === 'skipped');
  return (
    <div className="mx-auto max-w-3xl px-6 py-5">
      {header}
      <ol aria-label="Steps" className="space-y-3">
        <StepCard n={1} step={step} title={foundTitle(cd)}>
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
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (picked.length) void findTools();
                }}
              >
                <fieldset>
                  <legend className="mb-2 text-[13px] font-semibold">Servers to protect</legend>
                  <ServerPicker
                    picked={picked}
                    setPicked={setPicked}
                    servers={cd.servers.map((s) => {
                      const can = cd.unprotected.includes(s.name);
                      const badge = can ? null : (
                        <Badge tone={s.status === 'protected' ? 'ok' : 'neutral'}>{s.status === 'protected' ? 'protected' : 'cannot protect yet'}</Badge>
                      );
                      return { name: s.name, target: s.target, disabled: !can, badge };
                    })}
                  />
                </fieldset>
                <div className="mt-3 flex justify-end">
                  <Button type="submit" variant="primary" disabled={picked.length === 0}>
                    Continue
                  </Button>
                </div>
              </form>
            )}
          </div>
        </StepCard>

        <StepCard n={2} step={step} title="One key for Claude Desktop, allowed the tools each server has today, its resources and prompts">
          {created?.secret ? (
            <div>
              <NewKeySecret
                secret={created.secret}
                intro="This key goes into Claude Desktop’s config in the next step. Keep a copy if you want to use it elsewhere."
                onDone={() => void toPreview()}
              />
            </div>
          ) : (
            <div className="space-y-3 px-4 py-3">
              <FoundTools
                found={found}
                onChoice={(name, choice) => setFound((all) => all.map((x) => (x.name === name ? { ...x, choice } : x)))}
                onSkip={(name) => skips.current.get(name)?.()}
                onRetry={busy ? undefined : (name) => void discover([name])}
              />
              {failed.length ? (
                <Alert tone="warning">
                  {failed.map((f) => f.name).join(', ')}: {failed[0]!.error} The key will not allow {failed.length === 1 ? 'its' : 'their'}{' '}
                  tools yet; allow them later in Permissions once discovery works.
                </Alert>
              ) : null}
              {skipped.length ? (
                <Alert tone="info">
                  Skipped {skipped.map((f) => f.name).join(', ')}: the key will not allow {skipped.length === 1 ? 'its' : 'their'} tools
                  yet. Try again here, or allow them later in Permissions.
                </Alert>
              ) : null}
              <p className="text-[13px] text-muted">
                The key is named “Claude Desktop” and expires in 90 days; Overview warns a week before. You can change what it
                allows in Permissions.
              </p>
              <div className="flex items-center justify-end gap-3">
                {busy ? (
                  <span className="text-[13px] text-muted" aria-live="polite">
                    {busy}
                  </span>
                ) : null}
                <Button variant="primary" onClick={() => void createKey()} disabled={busy !== null}>
                  Create key
                </Button>
              </div>
            </div>
          )}
        </StepCard>

        <StepCard n={3} step={step} title="Preview the change to claude_desktop_config.json">
          <div className="space-y-3 px-4 py-3">
            {preview ? (
              <>
                <p className="text-sm">
                  Each server’s entry will start Gatehouse’s guard, which starts the server. Its secrets move into Gatehouse’s
                  vault. Secret values are masked. A backup of the file is kept.
                </p>
                <DiffView diff={preview.diff} label={`Changes to ${preview.path}`} />
              </>
            ) : busy ? (
              <p className="text-[13px] text-muted" aria-live="polite">
                {busy}
              </p>
            ) : null}
            <div className="flex justify-end">
              <Button variant="primary" onClick={apply} disabled={!preview || protect.isPending}>
                {protect.isPending ? 'Applying…' : 'Apply'}
              </Button>
            </div>
          </div>
        </StepCard>

        <StepCard n={4} step={step} title="Apply, then restart Claude Desktop">
          {change ? (
            <div className="space-y-3 px-4 py-3">
              <div role="status">
                <Alert tone="info">
                  <p className="font-medium">
                    Protected {change.servers.length} {change.servers.length === 1 ? 'server' : 'servers'}:{' '}
                    {change.servers.join(', ')}.
                  </p>
                  <p>{change.restartNotice ?? 'Claude Desktop picks the change up on its own.'}</p>
                </Alert>
              </div>
              <p className="text-[13px] text-muted">
                Quit Claude Desktop completely and open it again: its servers now start through Gatehouse. Calls show up in
                Audit.
              </p>
              <div className="flex justify-end gap-2">
                <NextLinks />
              </div>
            </div>
          ) : null}
        </StepCard>
      </ol>
      {error ? (
        <Alert tone="danger" live className="mt-3">
          {error}
        </Alert>
      ) : null}
    </div>
  );
}
