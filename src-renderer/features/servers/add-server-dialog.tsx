import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { ErrorAlert } from '../../components/ui/alert';
import { Dialog, DialogBody, SubmitFooter } from '../../components/ui/dialog';
import { FieldError, Hint, Input } from '../../components/ui/field';
import { addServerDefaults, addServerFormSchema, toAddInput, type AddServerFormValues } from './add-server-schema';
import { SecretRows } from './secret-rows';
import { useAddServer } from './use-servers';

const label = 'mb-1 block text-[13px] font-medium';
const radio = 'size-3.5 accent-[var(--gh-accent)]';

export function AddServerDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const add = useAddServer();
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset,
    formState: { errors },
  } = useForm<AddServerFormValues>({ resolver: zodResolver(addServerFormSchema), defaultValues: addServerDefaults });
  const transport = watch('transport');

  function close() {
    // Typed secrets go with the dialog.
    reset(addServerDefaults);
    add.reset();
    onOpenChange(false);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title="Add server"
      description="An MCP server Gatehouse starts (stdio) or reaches (HTTP) on behalf of your keys."
      width="max-w-2xl"
    >
      <form noValidate onSubmit={(e) => void handleSubmit((v) => add.mutate(toAddInput(v), { onSuccess: close }))(e)}>
        <DialogBody className="space-y-5">
          <fieldset>
            <legend className={label}>Transport</legend>
            <div className="flex gap-2">
              {(
                [
                  ['stdio', 'Local command (stdio)'],
                  ['http', 'Remote URL (HTTP)'],
                ] as const
              ).map(([value, text]) => (
                <label
                  key={value}
                  className="flex h-8 cursor-pointer items-center gap-2 rounded-md border border-border-strong px-3 text-sm has-[:checked]:border-accent has-[:checked]:bg-surface-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring"
                >
                  <input type="radio" value={value} className={radio} {...register('transport')} />
                  {text}
                </label>
              ))}
            </div>
          </fieldset>

          <div>
            <label htmlFor="server-name" className={label}>
              Name
            </label>
            <Input
              id="server-name"
              mono
              className="w-72"
              placeholder="e.g. filesystem"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? 'server-name-error' : 'server-name-hint'}
              {...register('name')}
            />
            {errors.name ? (
              <FieldError id="server-name-error">{errors.name.message}</FieldError>
            ) : (
              <Hint id="server-name-hint">Used in rules (name:tool) and in the gateway URL.</Hint>
            )}
          </div>

          {transport === 'stdio' ? (
            <>
              <div>
                <label htmlFor="server-command" className={label}>
                  Command
                </label>
                <Input
                  id="server-command"
                  mono
                  className="w-full"
                  placeholder="e.g. npx or /usr/local/bin/node"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={errors.command ? true : undefined}
                  aria-describedby={errors.command ? 'server-command-error' : undefined}
                  {...register('command')}
                />
                <FieldError id="server-command-error">{errors.command?.message}</FieldError>
              </div>
              <div>
                <label htmlFor="server-args" className={label}>
                  Arguments <span className="font-normal text-muted">(one per line)</span>
                </label>
                <textarea
                  id="server-args"
                  rows={3}
                  spellCheck={false}
                  placeholder="e.g. -y, then the package, then each path, each on its own line"
                  className="w-full rounded-md border border-border-strong bg-bg px-2.5 py-1.5 font-mono text-[13px] leading-5 text-fg placeholder:text-muted"
                  {...register('args')}
                />
              </div>
              <div>
                <label htmlFor="server-cwd" className={label}>
                  Working directory <span className="font-normal text-muted">(optional)</span>
                </label>
                <Input id="server-cwd" mono className="w-full" autoComplete="off" spellCheck={false} {...register('cwd')} />
              </div>
              <fieldset>
                <legend className={label}>Environment variables</legend>
                <SecretRows
                  field="env"
                  control={control}
                  register={register}
                  errors={errors}
                  what="Variable"
                  namePlaceholder="NAME"
                />
              </fieldset>
            </>
          ) : (
            <>
              <div>
                <label htmlFor="server-url" className={label}>
                  URL
                </label>
                <Input
                  id="server-url"
                  mono
                  className="w-full"
                  placeholder="https://mcp.example.com/mcp"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={errors.url ? true : undefined}
                  aria-describedby={errors.url ? 'server-url-error' : undefined}
                  {...register('url')}
                />
                <FieldError id="server-url-error">{errors.url?.message}</FieldError>
              </div>
              <fieldset>
                <legend className={label}>Headers</legend>
                <SecretRows
                  field="headers"
                  control={control}
                  register={register}
                  errors={errors}
                  what="Header"
                  namePlaceholder="Authorization"
                />
              </fieldset>
            </>
          )}

          <ErrorAlert error={add.error} />
        </DialogBody>
        <SubmitFooter onCancel={close} pending={add.isPending} label="Add server" pendingLabel="Adding…" />
      </form>
    </Dialog>
  );
}
