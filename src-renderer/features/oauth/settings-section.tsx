import { useEffect, useState, type ComponentProps } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRound, RotateCw } from 'lucide-react';
import { z } from 'zod';
import type { OAuthSettings, OAuthSettingsView } from '../../../src-preload/contract-oauth';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { FieldError, Hint, Input } from '../../components/ui/field';
import { Loading, LoadError } from '../../components/ui/load-error';
import { Panel } from '../../components/ui/panel';
import { RelativeTime } from '../../components/ui/relative-time';
import { Switch } from '../../components/ui/switch';
import { duration } from '../../lib/dates';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useNow } from '../../lib/use-now';
import { CopyField } from '../gateway/copy-button';
import { urls } from '../gateway/urls';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { ClientCredentials } from './secret-once';
import { useApiMutation } from '../../lib/use-api-mutation';
import { useOAuthSettings, useRotateSigningKey, useUpdateOAuthSettings } from './use-oauth';

/** A Panel whose fields stand one under the other. */
function Card({ children, ...panel }: ComponentProps<typeof Panel>) {
  return (
    <Panel {...panel}>
      <div className="space-y-3">{children}</div>
    </Panel>
  );
}

export function SettingsSection() {
  const settings = useOAuthSettings();
  if (settings.isPending) return <Loading>Loading settings…</Loading>;
  if (settings.isError) return <LoadError what="The AS settings" error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsCards view={settings.data} />;
}

function SettingsCards({ view: saved }: { view: OAuthSettingsView }) {
  const update = useUpdateOAuthSettings();
  const [changed, setChanged] = useState<keyof OAuthSettings | null>(null);
  // A radio or switch shows the choice in the same event as the click: the query
  // cache tells React a tick later, and a controlled radio would bounce back until then.
  const [draft, setDraft] = useState<Partial<OAuthSettings>>({});
  useEffect(() => setDraft({}), [saved]);
  const view = { ...saved, ...draft };
  function save(patch: Partial<OAuthSettings>) {
    setChanged(Object.keys(patch)[0] as keyof OAuthSettings);
    setDraft(patch);
    update.mutate(patch);
  }
  const errorFor = (key: keyof OAuthSettings) =>
    changed === key ? <ErrorAlert error={update.error} lead="The change was not saved." /> : null;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card id="as-issuer" className="lg:col-span-2" title="Issuer" description="The URL every token names as its issuer (iss); it is the base URL Gatehouse serves on.">
        {view.issuer ? (
          <dl className="grid gap-x-6 gap-y-2 text-[13px] lg:grid-cols-2">
            <div>
              <dt className="mb-0.5 text-muted">Issuer</dt>
              <dd>
                <CopyField value={view.issuer} label="issuer" testId="issuer" />
              </dd>
            </div>
            <div>
              <dt className="mb-0.5 text-muted">Authorization server metadata</dt>
              <dd>
                <CopyField value={urls.asMetadata(view.issuer)} label="metadata URL" />
              </dd>
            </div>
          </dl>
        ) : (
          <p className="text-[13px] text-muted">
            Not known yet: start <code className="font-mono">gatehouse serve</code> or the app once.
          </p>
        )}
      </Card>

      <LifetimesCard view={saved} />
      <SigningKeysCard view={saved} />

      <Card id="as-registration" title="Client registration" description="How MCP apps may register themselves (Dynamic Client Registration, RFC 7591).">
        <fieldset>
          <legend className="sr-only">Registration policy</legend>
          <div className="space-y-1.5 text-sm">
            {(
              [
                ['open', 'Open', 'Any app on this machine may register. What MCP apps expect.'],
                ['token', 'With a registration token', 'Only apps given the initial access token may register.'],
                ['off', 'Off', 'Only clients you create here, plus CIMD if on.'],
              ] as const
            ).map(([value, label, explain]) => (
              <label key={value} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="registration"
                  value={value}
                  checked={view.registration === value}
                  disabled={update.isPending}
                  onChange={() => save({ registration: value })}
                  className="mt-1 size-3.5 accent-[var(--gh-accent)]"
                />
                <span>
                  <span className="font-medium">{label}</span> <span className="text-[13px] text-muted">— {explain}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {errorFor('registration')}
        {view.registration === 'token' ? <RegistrationToken isSet={view.registrationTokenSet} /> : null}
      </Card>

      <Card id="as-cimd" title="Client ID Metadata Documents" description="Apps whose client ID is an https URL: Gatehouse fetches their metadata from it.">
        <div className="flex items-center justify-between gap-3">
          <label htmlFor="cimd-enabled" className="text-sm">
            Accept CIMD clients
          </label>
          <Switch id="cimd-enabled" label="Accept CIMD clients" checked={view.cimdEnabled} disabled={update.isPending} onCheckedChange={(v) => save({ cimdEnabled: v })} />
        </div>
        {errorFor('cimdEnabled')}
        <div className="flex items-center justify-between gap-3">
          <label htmlFor="cimd-private" className="text-sm">
            Allow fetches to private and loopback addresses
          </label>
          <Switch
            id="cimd-private"
            label="Allow fetches to private and loopback addresses"
            checked={view.cimdAllowPrivateAddresses}
            disabled={update.isPending || !view.cimdEnabled}
            onCheckedChange={(v) => save({ cimdAllowPrivateAddresses: v })}
          />
        </div>
        {errorFor('cimdAllowPrivateAddresses')}
        {view.cimdAllowPrivateAddresses ? (
          <Alert tone="warning">
            Any app that starts a sign-in can now make Gatehouse fetch URLs on your machine and local network (SSRF).
            Keep this on only for tests and labs.
          </Alert>
        ) : (
          <Hint>Off: a client ID that resolves to 127.0.0.1, 10.x, 192.168.x or a link-local address is refused.</Hint>
        )}
      </Card>

    </div>
  );
}

const lifetimesSchema = z.object({
  accessMinutes: z.coerce.number<string>().int('Whole minutes.').min(1, 'At least 1 minute.').max(1440, 'At most 24 hours (1440 minutes).'),
  refreshDays: z.coerce.number<string>().int('Whole days.').min(1, 'At least 1 day.').max(365, 'At most 365 days.'),
  codeSeconds: z.coerce.number<string>().int('Whole seconds.').min(1, 'At least 1 second.').max(600, 'At most 600 seconds.'),
});
type LifetimesInput = z.input<typeof lifetimesSchema>;
type Lifetimes = z.output<typeof lifetimesSchema>;

function toForm(v: OAuthSettings): LifetimesInput {
  return {
    accessMinutes: String(Math.round(v.accessTokenTtlSeconds / 60)),
    refreshDays: String(Math.max(1, Math.round(v.refreshTokenTtlSeconds / 86400))),
    codeSeconds: String(v.authorizationCodeTtlSeconds),
  };
}

function LifetimesCard({ view }: { view: OAuthSettingsView }) {
  const update = useUpdateOAuthSettings();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors, isDirty },
  } = useForm<LifetimesInput, unknown, Lifetimes>({
    resolver: zodResolver(lifetimesSchema),
    values: toForm(view),
    // A switch saved elsewhere on the page must not wipe what is being typed here.
    resetOptions: { keepDirtyValues: true },
  });

  const fields = [
    ['accessMinutes', 'Access token', 'minutes', `now ${duration(view.accessTokenTtlSeconds)}`],
    ['refreshDays', 'Refresh token', 'days', `now ${duration(view.refreshTokenTtlSeconds)}`],
    ['codeSeconds', 'Authorization code', 'seconds', `now ${view.authorizationCodeTtlSeconds} s`],
  ] as const;

  return (
    <Card id="as-lifetimes" title="Token lifetimes" description="Shorter access tokens limit what a leaked token can do; refresh tokens rotate on every use.">
      <form
        noValidate
        onSubmit={(e) =>
          void handleSubmit((v) =>
            update.mutate(
              {
                accessTokenTtlSeconds: v.accessMinutes * 60,
                refreshTokenTtlSeconds: v.refreshDays * 86400,
                authorizationCodeTtlSeconds: v.codeSeconds,
              },
              { onSuccess: (next) => reset(toForm(next)) },
            ),
          )(e)
        }
        className="space-y-2"
      >
        {fields.map(([name, label, unit, hint]) => (
          <div key={name}>
            <div className="flex items-center gap-3">
              <label htmlFor={`ttl-${name}`} className="w-36 shrink-0 text-sm">
                {label}
              </label>
              <Input
                id={`ttl-${name}`}
                inputMode="numeric"
                className="w-24 tabular-nums"
                aria-invalid={errors[name] ? true : undefined}
                aria-describedby={errors[name] ? `ttl-${name}-error` : undefined}
                {...register(name)}
              />
              <span className="text-[13px] text-muted">{unit}</span>
              <span className="ml-auto text-xs text-muted">{hint}</span>
            </div>
            <FieldError id={`ttl-${name}-error`}>{errors[name]?.message}</FieldError>
          </div>
        ))}
        <ErrorAlert error={update.error} lead="The lifetimes were not saved." />
        <div className="flex items-center justify-end gap-3 pt-1">
          <span aria-live="polite" className="text-[13px] text-muted">
            {update.isSuccess && !isDirty ? 'Saved. New tokens use these lifetimes.' : ''}
          </span>
          <Button type="submit" variant="primary" size="sm" disabled={update.isPending || !isDirty}>
            {update.isPending ? 'Saving…' : 'Save lifetimes'}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function RegistrationToken({ isSet }: { isSet: boolean }) {
  const rotate = useApiMutation('oauth.registrationToken.rotate');
  const [confirming, setConfirming] = useState(false);
  const { close, confirm } = useDialogMutation(rotate, () => setConfirming(false));
  const token = rotate.data?.token ?? null;
  return (
    <div className="rounded-md border border-border bg-surface px-3 py-2">
      <div className="flex items-center justify-between gap-3">
        <p className="text-[13px]">
          {isSet ? 'A registration token is set. Apps send it as a Bearer token to the registration endpoint.' : 'No registration token yet: nobody can register until you create one.'}
        </p>
        <Button size="sm" onClick={() => (isSet ? setConfirming(true) : rotate.mutate({}))} disabled={rotate.isPending}>
          <KeyRound aria-hidden="true" className="size-3.5" />
          {isSet ? 'Rotate token' : 'Create token'}
        </Button>
      </div>
      {confirming ? null : <ErrorAlert error={rotate.error} className="mt-2" />}
      <ConfirmDialog
        open={confirming && token === null}
        title="Rotate the registration token?"
        confirmLabel="Rotate token"
        pendingLabel="Rotating…"
        tone="primary"
        {...confirm}
        onConfirm={() => rotate.mutate({})}
      >
        <p>The current token stops working now. Clients that already registered keep working; only new registrations need the new token.</p>
      </ConfirmDialog>
      <Dialog open={token !== null} onClose={close} title="The new registration token" width="max-w-xl" modalLocked>
        <ClientCredentials
          secret={token}
          secretLabel="Registration token"
          intro="Give it to the apps that may register themselves, as the initial access token."
          onDone={close}
        />
      </Dialog>
    </div>
  );
}

function SigningKeysCard({ view }: { view: OAuthSettingsView }) {
  const now = useNow();
  const [confirming, setConfirming] = useState(false);
  const rotate = useDialogMutation(useRotateSigningKey(), () => setConfirming(false));
  const keys = [...view.signingKeys].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Card id="as-keys" title="Signing keys" description="ES256 keys that sign access tokens, published in the JWKS.">
      <ul className="divide-y divide-border" aria-label="Signing keys">
        {keys.length === 0 ? <li className="py-2 text-[13px] text-muted">No key yet: the first one is made when Gatehouse serves HTTP.</li> : null}
        {keys.map((k) => (
          <li key={k.kid} className="flex items-center justify-between gap-3 py-2">
            <span className="min-w-0 truncate font-mono text-[12px]" title={k.kid}>
              {k.kid}
            </span>
            <span className="flex shrink-0 items-center gap-3 text-[13px] text-muted">
              <span>
                created <RelativeTime iso={k.createdAt} now={now} />
              </span>
              {k.state === 'signing' ? (
                <Badge tone="ok">Signing</Badge>
              ) : (
                <Badge tone="neutral" title={k.retiredAt ? `Retired ${new Date(k.retiredAt).toLocaleString()}` : undefined}>
                  Verify only
                </Badge>
              )}
            </span>
          </li>
        ))}
      </ul>
      <div className="flex justify-end">
        <Button size="sm" onClick={() => setConfirming(true)}>
          <RotateCw aria-hidden="true" className="size-3.5" />
          Rotate signing key
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Rotate the signing key?"
        confirmLabel="Rotate key"
        pendingLabel="Rotating…"
        tone="primary"
        {...rotate.confirm}
        onConfirm={() => rotate.run({})}
      >
        <p>New tokens are signed with a new key. The current key stays in the JWKS, verify only, until the tokens it signed have expired, so nothing stops working.</p>
        <p className="text-muted">Resource servers that pinned the JWKS must fetch it again.</p>
      </ConfirmDialog>
    </Card>
  );
}
