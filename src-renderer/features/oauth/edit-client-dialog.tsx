import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Plus, Trash2 } from 'lucide-react';
import { z } from 'zod';
import { ruleSchema } from '../../../src-preload/contract';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { Code, FieldError, Hint, Input, Select } from '../../components/ui/field';
import { errorMessage } from '../../lib/api';
import { parseUris, redirectUriProblem } from './create-client-dialog';
import { useUpdateOAuthClient } from './use-oauth';

const RULE_HINT = 'a rule is SERVER:TOOLGLOB, for example fs:read_* or *:*';

const schema = z
  .object({
    name: z.string().trim().min(1, 'Give the client a name.').max(100, 'At most 100 characters.'),
    redirectUris: z.string(),
    rules: z.array(ruleSchema).max(500),
  })
  .superRefine((v, ctx) => {
    for (const u of parseUris(v.redirectUris)) {
      const problem = redirectUriProblem(u);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: problem });
        break;
      }
    }
  });
type FormValues = z.infer<typeof schema>;

function patternTooShort(issue: { code?: string; origin?: string; path?: PropertyKey[] }): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.path?.[0] === 'rules') return RULE_HINT;
  return undefined;
}

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
    resolver: zodResolver(schema, { error: patternTooShort }),
    defaultValues: { name: client.name, redirectUris: client.redirectUris.join('\n'), rules: client.rules },
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  const fixedUris = client.method !== 'manual';

  return (
    <form noValidate onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <DialogBody className="space-y-5">
        <div>
          <label htmlFor="edit-client-name" className="mb-1 block text-[13px] font-semibold">
            Name
          </label>
          <Input
            id="edit-client-name"
            className="w-full"
            autoComplete="off"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? 'edit-client-name-error' : undefined}
            {...register('name')}
          />
          <FieldError id="edit-client-name-error">{errors.name?.message}</FieldError>
        </div>
        <div>
          <label htmlFor="edit-client-redirects" className="mb-1 block text-[13px] font-semibold">
            Redirect URIs
          </label>
          <textarea
            id="edit-client-redirects"
            rows={3}
            spellCheck={false}
            readOnly={fixedUris}
            className="w-full rounded-md border border-border-strong bg-bg px-2.5 py-1.5 font-mono text-[13px] text-fg read-only:bg-surface aria-[invalid=true]:border-danger"
            aria-invalid={errors.redirectUris ? true : undefined}
            aria-describedby={errors.redirectUris ? 'edit-redirects-error' : 'edit-redirects-hint'}
            {...register('redirectUris')}
          />
          {errors.redirectUris ? (
            <FieldError id="edit-redirects-error">{errors.redirectUris.message}</FieldError>
          ) : (
            <Hint id="edit-redirects-hint">
              {client.method === 'cimd'
                ? 'Read only: a CIMD client’s redirect URIs come from its metadata document.'
                : client.method === 'dcr'
                  ? 'Read only: the app declared these when it registered itself.'
                  : 'One per line, matched exactly.'}
            </Hint>
          )}
        </div>
        <fieldset>
          <legend className="mb-2 text-[13px] font-semibold">Rules</legend>
          {fields.length === 0 ? (
            <p className="rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px] text-muted">
              No rules: tokens of this client allow no tool at all. Add an allow rule.
            </p>
          ) : (
            <ul className="space-y-2">
              {fields.map((field, i) => {
                const err = errors.rules?.[i]?.pattern?.message;
                const errId = `client-rule-${i}-error`;
                return (
                  <li key={field.id}>
                    <div className="flex items-center gap-2">
                      <Select aria-label={`Effect of rule ${i + 1}`} className="w-24" {...register(`rules.${i}.effect`)}>
                        <option value="allow">Allow</option>
                        <option value="deny">Deny</option>
                      </Select>
                      <Input
                        aria-label={`Pattern of rule ${i + 1}`}
                        placeholder="server:tool_glob, e.g. fs:read_*"
                        mono
                        className="min-w-0 flex-1"
                        spellCheck={false}
                        autoComplete="off"
                        aria-invalid={err ? true : undefined}
                        aria-describedby={err ? errId : undefined}
                        {...register(`rules.${i}.pattern`)}
                      />
                      <Button variant="ghost" size="icon" className="text-muted" aria-label={`Remove rule ${i + 1}`} onClick={() => remove(i)}>
                        <Trash2 aria-hidden="true" className="size-4" />
                      </Button>
                    </div>
                    <FieldError id={errId}>{err}</FieldError>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="mt-2 flex items-start justify-between gap-3">
            <Hint>
              A token never allows more than these. <Code>fs:*</Code> allows every tool of <em>fs</em>;{' '}
              <Code>fs:write_*</Code> as deny takes the writes away. Deny beats allow.
            </Hint>
            <Button size="sm" className="mt-1" onClick={() => append({ effect: 'allow', pattern: '' })}>
              <Plus aria-hidden="true" className="size-3.5" />
              Add rule
            </Button>
          </div>
        </fieldset>
        {apiError ? (
          <Alert tone="danger" live>
            {apiError}
          </Alert>
        ) : null}
      </DialogBody>
      <DialogFooter>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={submitting}>
          {submitting ? 'Saving…' : 'Save changes'}
        </Button>
      </DialogFooter>
    </form>
  );
}
