import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { DialogBody, DialogFooter } from '../../components/ui/dialog';
import { FieldError, Input, Select } from '../../components/ui/field';
import { rateWindows } from '../../../src-preload/contract';
import { expiryChoices } from './choices';
import {
  createKeyDefaults,
  createKeyFormSchema,
  type CreateKeyFormInput,
  type CreateKeyFormValues,
} from './create-key-schema';
import { RuleRows } from './rule-rows';

const RULE_HINT = 'a rule is SERVER:TOOLGLOB, for example fs:read_* or *:*';

function Section({ step, title, children }: { step: number; title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 flex items-center gap-2 text-[13px] font-semibold">
        <span aria-hidden="true" className="flex size-5 items-center justify-center rounded-full bg-surface-2 text-[11px] text-muted">
          {step}
        </span>
        {title}
      </legend>
      {children}
    </fieldset>
  );
}

// A too-short pattern gets the same plain explanation as a malformed one.
function patternTooShort(issue: { code?: string; origin?: string; path?: PropertyKey[] }): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.path?.[0] === 'rules') return RULE_HINT;
  return undefined;
}

const radio = 'size-3.5 accent-[var(--gh-accent)]';

export function CreateKeyForm({
  onSubmit,
  onCancel,
  submitting,
  apiError,
}: {
  onSubmit: (values: CreateKeyFormValues) => void;
  onCancel: () => void;
  submitting: boolean;
  apiError: string | null;
}) {
  const {
    register,
    control,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<CreateKeyFormInput, unknown, CreateKeyFormValues>({
    resolver: zodResolver(createKeyFormSchema, { error: patternTooShort }),
    defaultValues: createKeyDefaults,
  });
  const rateMode = watch('rateMode');
  const expiry = watch('expiry');

  return (
    <form noValidate onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <DialogBody className="space-y-6">
        <Section step={1} title="Name">
          <Input
            aria-label="Key name"
            placeholder="e.g. Claude Desktop on laptop"
            className="w-full"
            autoComplete="off"
            autoFocus
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? 'key-name-error' : undefined}
            {...register('name')}
          />
          <FieldError id="key-name-error">{errors.name?.message}</FieldError>
        </Section>

        <Section step={2} title="Permissions">
          <RuleRows control={control} register={register} errors={errors} />
        </Section>

        <Section step={3} title="Rate limit">
          <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" value="none" className={radio} {...register('rateMode')} />
              No limit
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" value="limit" className={radio} {...register('rateMode')} />
              Limit to
            </label>
            <div className="flex items-center gap-2">
              <Input
                aria-label="Calls allowed"
                inputMode="numeric"
                className="w-24"
                disabled={rateMode !== 'limit'}
                aria-invalid={errors.rateLimit ? true : undefined}
                aria-describedby={errors.rateLimit ? 'rate-error' : undefined}
                {...register('rateLimit')}
              />
              <span className="text-muted">calls per</span>
              <Select aria-label="Per" disabled={rateMode !== 'limit'} {...register('rateWindow')}>
                {rateWindows.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </Select>
            </div>
          </div>
          <FieldError id="rate-error">{errors.rateLimit?.message}</FieldError>
        </Section>

        <Section step={4} title="Expiry">
          <div className="flex flex-wrap gap-2">
            {expiryChoices.map((c) => (
              <label
                key={c.value}
                className="flex h-8 cursor-pointer items-center gap-2 rounded-md border border-border-strong px-3 text-sm has-[:checked]:border-accent has-[:checked]:bg-surface-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring"
              >
                <input type="radio" value={c.value} className={radio} {...register('expiry')} />
                {c.label}
              </label>
            ))}
          </div>
          {expiry === 'never' ? (
            <Alert tone="warning">
              A key that never expires keeps working until someone revokes it. Prefer an expiry and rotate the key
              when it nears.
            </Alert>
          ) : null}
        </Section>

        {apiError ? (
          <Alert tone="danger" live>
            {apiError}
          </Alert>
        ) : null}
      </DialogBody>
      <DialogFooter>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create key'}
        </Button>
      </DialogFooter>
    </form>
  );
}
