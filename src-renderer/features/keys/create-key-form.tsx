import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { RuleRows, rulePatternError } from '../../components/rule-rows';
import { Alert } from '../../components/ui/alert';
import { DialogForm, type DialogFormProps } from '../../components/ui/dialog';
import { Code, FieldError, Input, Select } from '../../components/ui/field';
import { rateWindows } from '../../../src-preload/contract';
import { expiryChoices } from './choices';
import {
  createKeyDefaults,
  createKeyFormSchema,
  type CreateKeyFormInput,
  type CreateKeyFormValues,
} from './create-key-schema';

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

const radio = 'size-3.5 accent-[var(--gh-accent)]';

export function CreateKeyForm({ onSubmit, ...dialog }: DialogFormProps<CreateKeyFormValues>) {
  const {
    register,
    control,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<CreateKeyFormInput, unknown, CreateKeyFormValues>({
    resolver: zodResolver(createKeyFormSchema, { error: rulePatternError }),
    defaultValues: createKeyDefaults,
  });
  const rateMode = watch('rateMode');
  const expiry = watch('expiry');

  return (
    <DialogForm {...dialog} onSubmit={handleSubmit(onSubmit)} bodyClassName="space-y-6" label="Create key" pendingLabel="Creating…">
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
        <RuleRows
          control={control}
          register={register}
          errors={errors}
          idPrefix="rule"
          emptyText="No rules: this key can call no tool at all. Add an allow rule."
          hint={
            <>
              <Code>*:*</Code> allows every tool of every server; <Code>fs:read_*</Code> allows the tools of{' '}
              <em>fs</em> whose names start with <em>read_</em>; <Code>fs:resource:file:///docs/*</Code> resources by URI;{' '}
              <Code>fs:prompt:*</Code> prompts by name. Deny beats allow.
            </>
          }
        />
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
    </DialogForm>
  );
}
