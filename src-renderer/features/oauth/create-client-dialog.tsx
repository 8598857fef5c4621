import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Dialog, DialogForm, type DialogFormProps } from '../../components/ui/dialog';
import { choiceClass, FieldError, Hint } from '../../components/ui/field';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useServerList } from '../servers/use-servers';
import { checkRedirectUris, ClientNameField, clientNameSchema, parseUris, RedirectUrisField } from './client-fields';
import { ClientCredentials } from './secret-once';
import { useApiMutation } from '../../lib/use-api-mutation';

const schema = z
  .object({
    name: clientNameSchema,
    type: z.enum(['confidential', 'public']),
    codeGrant: z.boolean(),
    ccGrant: z.boolean(),
    redirectUris: z.string(),
  })
  .superRefine((v, ctx) => {
    if (!v.codeGrant && !v.ccGrant) ctx.addIssue({ code: 'custom', path: ['codeGrant'], message: 'Choose at least one way to get tokens.' });
    if (v.type === 'public' && v.ccGrant)
      ctx.addIssue({ code: 'custom', path: ['ccGrant'], message: 'A public client has no secret, so it cannot use client credentials.' });
    const uris = parseUris(v.redirectUris);
    if (v.codeGrant && uris.length === 0)
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'Sign-in in the browser needs at least one redirect URI.' });
    if (uris.length > 20) ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'At most 20 redirect URIs.' });
    checkRedirectUris(uris, ctx);
  });
type FormValues = z.infer<typeof schema>;

const radio = choiceClass;
const choice =
  'flex cursor-pointer items-start gap-2 rounded-md border border-border-strong px-3 py-2 text-sm has-[:checked]:border-accent has-[:checked]:bg-surface-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring';

export function CreateClientDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useApiMutation('oauth.clients.create');
  const { close, pending, error } = useDialogMutation(create, () => onOpenChange(false));
  const created = create.data ?? null;

  return (
    <Dialog
      open={open}
      onClose={close}
      title={created ? (created.clientSecret ? 'Your new client secret' : 'Client created') : 'Create OAuth client'}
      description={created ? undefined : 'For an app you configure by hand. MCP apps that register themselves (DCR, CIMD) appear on their own.'}
      width={created ? 'max-w-xl' : 'max-w-2xl'}
      modalLocked={created !== null}
    >
      {created ? (
        <ClientCredentials
          clientId={created.client.clientId}
          secret={created.clientSecret}
          intro={
            created.clientSecret
              ? `“${created.client.name}” is ready. Give the app its client ID and this secret.`
              : `“${created.client.name}” is ready. It is a public client: it signs in with PKCE and has no secret.`
          }
          onDone={close}
        />
      ) : (
        <CreateClientForm
          onCancel={close}
          pending={pending}
          error={error}
          onSubmit={({ values: v, servers }) =>
            create.mutate({
              name: v.name,
              public: v.type === 'public',
              grants: [...(v.codeGrant ? (['authorization_code'] as const) : []), ...(v.ccGrant ? (['client_credentials'] as const) : [])],
              redirectUris: parseUris(v.redirectUris),
              scopes: servers.map((s) => `mcp:${s}`),
            })
          }
        />
      )}
    </Dialog>
  );
}

function CreateClientForm({ onSubmit, ...dialog }: DialogFormProps<{ values: FormValues; servers: string[] }>) {
  const servers = useServerList();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const {
    register,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', type: 'confidential', codeGrant: true, ccGrant: false, redirectUris: '' },
  });
  const type = watch('type');
  const grantError = errors.codeGrant?.message ?? errors.ccGrant?.message;

  function toggle(name: string, on: boolean) {
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  }

  return (
    <DialogForm
      {...dialog}
      onSubmit={handleSubmit((values) => onSubmit({ values, servers: [...chosen] }))}
      bodyClassName="space-y-5"
      label="Create client"
      pendingLabel="Creating…"
    >
      <ClientNameField
        id="client-name"
        placeholder="e.g. Build server on ci-01"
        autoFocus
        error={errors.name?.message}
        registration={register('name')}
      />

      <fieldset>
        <legend className="mb-2 text-[13px] font-semibold">Type</legend>
        <div className="grid grid-cols-2 gap-2">
          <label className={choice}>
            <input type="radio" value="confidential" className={`${radio} mt-1`} {...register('type')} />
            <span>
              <span className="block font-medium">Confidential</span>
              <span className="block text-[13px] text-muted">Runs where a secret stays secret: a server, a CI job.</span>
            </span>
          </label>
          <label className={choice}>
            <input type="radio" value="public" className={`${radio} mt-1`} {...register('type')} />
            <span>
              <span className="block font-medium">Public</span>
              <span className="block text-[13px] text-muted">A desktop or browser app: no secret, PKCE only.</span>
            </span>
          </label>
        </div>
      </fieldset>

      <fieldset aria-describedby={grantError ? 'client-grant-error' : undefined}>
        <legend className="mb-2 text-[13px] font-semibold">How it gets tokens</legend>
        <div className="space-y-1.5 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" className={radio} {...register('codeGrant')} />
            Sign-in in the browser with your consent (authorization code + PKCE)
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" className={radio} disabled={type === 'public'} {...register('ccGrant')} />
            As a service account, without a person (client credentials)
          </label>
        </div>
        <FieldError id="client-grant-error">{grantError}</FieldError>
      </fieldset>

      <RedirectUrisField
        id="client-redirects"
        errorId="client-redirects-error"
        hintId="client-redirects-hint"
        placeholder="http://127.0.0.1:33418/callback"
        error={errors.redirectUris?.message}
        hint="One per line. They must match exactly; only the port of 127.0.0.1 and [::1] may vary."
        registration={register('redirectUris')}
      />

      <fieldset>
        <legend className="mb-2 text-[13px] font-semibold">Servers it may use</legend>
        {servers.data && servers.data.length > 0 ? (
          <div className="grid grid-cols-2 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-3">
            {servers.data.map((s) => (
              <label key={s.id} className="flex min-w-0 items-center gap-2">
                <input type="checkbox" className={radio} checked={chosen.has(s.name)} onChange={(e) => toggle(s.name, e.target.checked)} />
                <span className="truncate font-mono text-[13px]">{s.name}</span>
              </label>
            ))}
          </div>
        ) : (
          <p className="text-[13px] text-muted">No servers registered yet. You can add rules later from Edit.</p>
        )}
        <Hint>Each one allows all its tools (mcp:&lt;server&gt;); narrow them later with deny rules from Edit.</Hint>
      </fieldset>
    </DialogForm>
  );
}
