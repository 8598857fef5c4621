// Protect or unprotect servers of one client config: choose servers (and, to protect,
// a key), read the masked diff, then apply. Nothing is written before Apply.
import { useEffect, useState } from 'react';
import type { ClientApp, ClientChange, ClientConfig, ClientPreview } from '../../../src-preload/contract';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter, DialogForm } from '../../components/ui/dialog';
import { wholeServerPatterns } from '../../../src-shared/model/rule-pattern';
import { KeyChoiceField, NEW_KEY, useKeyChoiceFollows, useKeyChoices } from './key-choices';
import { ClientStatusBadge } from './client-status-badge';
import { DiffView } from './diff-view';
import { KeyReachWarning } from './key-reach-warning';
import { RegistryNotes } from './registry-notes';
import { ServerPicker } from './server-picker';
import { useApiMutation } from '../../lib/use-api-mutation';

export type ChangeMode = 'protect' | 'unprotect';

export interface ChangeTarget {
  mode: ChangeMode;
  app: ClientApp;
  config: ClientConfig;
  /** Ticked when the dialog opens. */
  servers: string[];
}

/** A key made for a client app: long enough not to break the app next month; Overview warns a week ahead. */
export const CLIENT_KEY_SECONDS = 90 * 24 * 3600;

/** Which servers the mode can act on. */
export function choosable(mode: ChangeMode, config: ClientConfig) {
  return config.servers.filter((s) => (mode === 'protect' ? s.status !== 'protected' : s.status !== 'unprotected'));
}

export function ChangeDialog({
  target,
  onClose,
  onApplied,
}: {
  target: ChangeTarget | null;
  onClose: () => void;
  onApplied: (change: ClientChange, app: ClientApp) => void;
}) {
  const mode = target?.mode ?? 'protect';
  const [findKey, setFindKey] = useState('');
  const choices = useKeyChoices(target, findKey);
  const liveKeys = choices.live;
  const [picked, setPicked] = useState<string[]>([]);
  const [keyChoice, setKeyChoice] = useState<string>(NEW_KEY);
  // Until the admin picks a key, a key made earlier for this app is chosen once it loads.
  const [autoChoice, setAutoChoice] = useState(true);
  const [preview, setPreview] = useState<{ result: ClientPreview; keyId: string | null } | null>(null);
  const [createdKey, setCreatedKey] = useState<{ id: string; name: string; prefix: string } | null>(null);

  const createKey = useApiMutation('keys.create');
  const previewProtect = useApiMutation('clients.preview');
  const previewUnprotect = useApiMutation('clients.previewUnprotect');
  const protect = useApiMutation('clients.protect');
  const unprotect = useApiMutation('clients.unprotect');

  // A fresh dialog per target: ticks from the caller, the key the servers already use if any.
  useEffect(() => {
    if (!target) return;
    setPicked(target.servers);
    const used = target.config.servers.find((s) => target.servers.includes(s.name) && s.keyId)?.keyId;
    setKeyChoice(used ?? NEW_KEY);
    setAutoChoice(true);
    setFindKey('');
    setPreview(null);
    setCreatedKey(null);
  }, [target]);

  useKeyChoiceFollows(choices, keyChoice, setKeyChoice, autoChoice);

  const mutations = [createKey, previewProtect, previewUnprotect, protect, unprotect];
  function close() {
    for (const m of mutations) m.reset();
    onClose();
  }

  if (!target) return null;
  const { app, config } = target;
  // Rules name the registry's name for a server (`my-files-work`), not the app's (`my files (work)`).
  const registryNames = picked.map((s) => config.servers.find((e) => e.name === s)?.registryName ?? s);
  const options = choosable(mode, config);
  const busy = mutations.some((m) => m.isPending);
  const error = mutations.find((m) => m.isError)?.error;
  const verb = mode === 'protect' ? 'Protect' : 'Unprotect';

  async function showPreview() {
    if (!target) return;
    for (const m of mutations) m.reset();
    const base = { client: app.id, configPath: config.path, servers: picked };
    try {
      if (mode === 'unprotect') {
        setPreview({ result: await previewUnprotect.mutateAsync(base), keyId: null });
        return;
      }
      let keyId = keyChoice === NEW_KEY ? (createdKey?.id ?? null) : keyChoice;
      if (!keyId) {
        // One key for this app, allowed the whole of each server chosen (tools, resources and
        // prompts, as the app had before); narrow it in Permissions.
        const made = await createKey.mutateAsync({
          name: app.name,
          expiresInSeconds: CLIENT_KEY_SECONDS,
          rules: registryNames.flatMap((s) => wholeServerPatterns(s).map((pattern) => ({ effect: 'allow' as const, pattern }))),
          rateLimit: null,
        });
        keyId = made.key.id;
        setCreatedKey({ id: made.key.id, name: made.key.name, prefix: made.key.prefix });
        setKeyChoice(made.key.id);
      }
      setPreview({ result: await previewProtect.mutateAsync({ ...base, keyId }), keyId });
    } catch {
      // Shown below, where it happened.
    }
  }

  async function apply() {
    if (!preview) return;
    const base = { client: app.id, configPath: config.path, servers: picked };
    try {
      const change =
        mode === 'protect' && preview.keyId
          ? await protect.mutateAsync({ ...base, keyId: preview.keyId })
          : await unprotect.mutateAsync(base);
      onApplied(change, app);
      close();
    } catch {
      // Shown below.
    }
  }

  const title = `${verb} ${app.name} servers`;
  return (
    <Dialog
      open
      onClose={close}
      title={title}
      description={<span className="font-mono text-[12px] break-all">{config.path}</span>}
      width={preview ? 'max-w-3xl' : 'max-w-xl'}
      fill={preview !== null}
    >
      {preview ? (
        <>
          <DialogBody className="flex min-h-0 flex-col gap-3 [&>*]:shrink-0">
            {preview.result.changed ? (
              <>
                <p className="text-sm">
                  {mode === 'protect'
                    ? 'Each chosen entry will launch Gatehouse’s guard instead of the server. The server and its secrets move into Gatehouse. Secret values are masked below.'
                    : 'The original entries go back, with their secrets from Gatehouse’s vault. Secret values are masked below.'}
                </p>
                <DiffView diff={preview.result.diff} label={`Changes to ${preview.result.path}`} className="!max-h-none min-h-0 !shrink" />
                <RegistryNotes changes={preview.result.registry} />
                <p className="text-[13px] text-muted">A backup of the current file is kept; you can restore it from Backups.</p>
              </>
            ) : (
              <Alert tone="info">The file already is what this would write. Nothing to change.</Alert>
            )}
            {createdKey ? (
              <p className="text-[13px] text-muted">
                Created the key <strong className="text-fg">{createdKey.name}</strong> (
                <span className="font-mono">{createdKey.prefix}…</span>) for {app.name}. It goes into the config; it is not shown
                here.
              </p>
            ) : null}
            <ErrorAlert error={error} />
          </DialogBody>
          <DialogFooter>
            <Button onClick={() => setPreview(null)} disabled={busy}>
              Back
            </Button>
            <Button variant={mode === 'protect' ? 'primary' : 'danger'} onClick={() => void apply()} disabled={busy || !preview.result.changed}>
              {busy ? 'Applying…' : 'Apply'}
            </Button>
          </DialogFooter>
        </>
      ) : (
        <DialogForm
          onSubmit={() => (picked.length ? showPreview() : undefined)}
          bodyClassName="space-y-5"
          error={error}
          onCancel={close}
          pending={busy}
          disabled={picked.length === 0}
          label="Preview changes"
          pendingLabel="Preparing preview…"
        >
          <fieldset>
            <legend className="mb-2 text-[13px] font-semibold">Servers</legend>
            {options.length === 0 ? (
              <p className="text-[13px] text-muted">
                {mode === 'protect' ? 'Every server of this config is protected.' : 'No server of this config is protected.'}
              </p>
            ) : (
              <ServerPicker
                picked={picked}
                setPicked={setPicked}
                servers={options.map((s) => {
                  const disabled = mode === 'protect' && s.cannotProtect !== null;
                  const note = disabled ? s.cannotProtect : null;
                  return { name: s.name, target: s.target, disabled, note, badge: <ClientStatusBadge entry={s} /> };
                })}
              />
            )}
          </fieldset>
          {mode === 'protect' ? (
            <div>
              <KeyChoiceField
                appName={app.name}
                value={keyChoice}
                onChange={(id) => {
                  setAutoChoice(false);
                  setKeyChoice(id);
                }}
                keys={liveKeys}
                find={findKey}
                onFind={setFindKey}
              />
              <KeyReachWarning keySummary={liveKeys.find((k) => k.id === keyChoice)} servers={registryNames} />
            </div>
          ) : (
            <p className="text-[13px] text-muted">
              Unprotected servers run without Gatehouse: no permission checks, rate limits or audit.
            </p>
          )}
        </DialogForm>
      )}
    </Dialog>
  );
}
