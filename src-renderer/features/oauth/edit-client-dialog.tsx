import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { ruleSchema } from '../../../src-preload/contract';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { RuleRows, rulePatternError } from '../../components/rule-rows';
import { Dialog, DialogForm, type DialogFormProps } from '../../components/ui/dialog';
import { Code } from '../../components/ui/field';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { checkRedirectUris, ClientNameField, clientNameSchema, parseUris, RedirectUrisField } from './client-fields';
import { useApiMutation } from '../../lib/use-api-mutation';

const schema = z
  .object({
    name: clientNameSchema,
    redirectUris: z.string(),
    rules: z.array(ruleSchema).max(500),
  })
  .superRefine((v, ctx) => checkRedirectUris(parseUris(v.redirectUris), ctx));
type FormValues = z.infer<typeof schema>;

export function EditClientDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const update = useDialogMutation(useApiMutation('oauth.clients.update'), onClose);
  return (
    <Dialog
      open={target !== null}
      onClose={update.close}
      title={`Edit “${target?.name ?? ''}”`}
      description="What the client is called, where sign-in may return to, and what its tokens may ever allow."
      width="max-w-2xl"
    >
      {target ? (
        <EditClientForm
          key={target.clientId}
          client={target}
          onCancel={update.close}
          pending={update.pending}
          error={update.error}
          onSubmit={(v) =>
            update.run({
              clientId: target.clientId,
              name: v.name,
              rules: v.rules,
              // Only clients made here own their redirect URIs; DCR and CIMD clients declared theirs.
              ...(target.method === 'manual' ? { redirectUris: parseUris(v.redirectUris) } : {}),
            })
          }
        />
      ) : null}
    </Dialog>
  );
}

function EditClientForm({ client, onSubmit, ...dialog }: DialogFormProps<FormValues> & { client: OAuthClientSummary }) {
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
    <DialogForm {...dialog} onSubmit={handleSubmit(onSubmit)} bodyClassName="space-y-5" label="Save changes" pendingLabel="Saving…">
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
              <Code>fs:write_*</Code> as deny takes the writes away; <Code>fs:resource:*</Code> and <Code>fs:prompt:*</Code> open its
              resources and prompts. Deny beats allow.
            </>
          }
        />
      </fieldset>
    </DialogForm>
  );
}
