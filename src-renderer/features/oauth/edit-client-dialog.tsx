import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { ruleSchema } from '../../../src-preload/contract';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { RuleRows, rulePatternError } from '../../components/rule-rows';
import { ErrorAlert } from '../../components/ui/alert';
import { Dialog, DialogBody, SubmitFooter } from '../../components/ui/dialog';
import { Code } from '../../components/ui/field';
import { errorMessage } from '../../lib/api';
import { checkRedirectUris, ClientNameField, clientNameSchema, parseUris, RedirectUrisField } from './client-fields';
import { useUpdateOAuthClient } from './use-oauth';

const schema = z
  .object({
    name: clientNameSchema,
    redirectUris: z.string(),
    rules: z.array(ruleSchema).max(500),
  })
  .superRefine((v, ctx) => checkRedirectUris(parseUris(v.redirectUris), ctx));
type FormValues = z.infer<typeof schema>;

export function EditClientDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const update = useUpdateOAuthClient();
  function close() {
    update.reset();
    onClose();
  }
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => (open ? undefined : close())}
      title={`Edit “${target?.name ?? ''}”`}
      description="What the client is called, where sign-in may return to, and what its tokens may ever allow."
      width="max-w-2xl"
    >
      {target ? (
        <EditClientForm
          key={target.clientId}
          client={target}
          onCancel={close}
          submitting={update.isPending}
          apiError={update.isError ? errorMessage(update.error) : null}
          onSubmit={(v) =>
            update.mutate(
              {
                clientId: target.clientId,
                name: v.name,
                rules: v.rules,
                // Only clients made here own their redirect URIs; DCR and CIMD clients declared theirs.
                ...(target.method === 'manual' ? { redirectUris: parseUris(v.redirectUris) } : {}),
              },
              { onSuccess: close },
            )
          }
        />
      ) : null}
    </Dialog>
  );
}

function EditClientForm({
  client,
  onSubmit,
  onCancel,
  submitting,
  apiError,
}: {
  client: OAuthClientSummary;
  onSubmit: (v: FormValues) => void;
  onCancel: () => void;
  submitting: boolean;
  apiError: string | null;
}) {
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(schema, { error: rulePatternError }),
    defaultValues: { name: client.name, redirectUris: client.redirectUris.join('\n'), rules: client.rules },
  });
  const fixedUris = client.method !== 'manual';

  return (
    <form noValidate onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <DialogBody className="space-y-5">
        <ClientNameField id="edit-client-name" error={errors.name?.message} registration={register('name')} />
        <RedirectUrisField
          id="edit-client-redirects"
          errorId="edit-redirects-error"
          hintId="edit-redirects-hint"
          readOnly={fixedUris}
          error={errors.redirectUris?.message}
          hint={
            client.method === 'cimd'
              ? 'Read only: a CIMD client’s redirect URIs come from its metadata document.'
              : client.method === 'dcr'
                ? 'Read only: the app declared these when it registered itself.'
                : 'One per line, matched exactly.'
          }
          registration={register('redirectUris')}
        />
        <fieldset>
          <legend className="mb-2 text-[13px] font-semibold">Rules</legend>
          <RuleRows
            control={control}
            register={register}
            errors={errors}
            idPrefix="client-rule"
            emptyText="No rules: tokens of this client allow no tool at all. Add an allow rule."
            hint={
              <>
                A token never allows more than these. <Code>fs:*</Code> allows every tool of <em>fs</em>;{' '}
                <Code>fs:write_*</Code> as deny takes the writes away. Deny beats allow.
              </>
            }
          />
        </fieldset>
        <ErrorAlert error={apiError} />
      </DialogBody>
      <SubmitFooter onCancel={onCancel} pending={submitting} label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
