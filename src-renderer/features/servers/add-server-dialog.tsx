import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog, DialogForm } from '../../components/ui/dialog';
import { TextArea, TextField } from '../../components/ui/field';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { addServerDefaults, addServerFormSchema, toAddInput, type AddServerFormValues } from './add-server-schema';
import { SecretRows } from './secret-rows';
import { useAddServer } from './use-servers';

const label = 'mb-1 block text-[13px] font-medium';
const radio = 'size-3.5 accent-[var(--gh-accent)]';
const optional = <span className="font-normal text-muted">(optional)</span>;

export function AddServerDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset,
    formState: { errors },
  } = useForm<AddServerFormValues>({ resolver: zodResolver(addServerFormSchema), defaultValues: addServerDefaults });
  const add = useDialogMutation(useAddServer(), () => {
    // Typed secrets go with the dialog.
    reset(addServerDefaults);
    onOpenChange(false);
  });
  const transport = watch('transport');
  const rows = { control, register, errors };

  return (
    <Dialog
      open={open}
      onClose={add.close}
      title="Add server"
      description="An MCP server Gatehouse starts (stdio) or reaches (HTTP) on behalf of your keys."
      width="max-w-2xl"
    >
      <DialogForm
        onSubmit={handleSubmit((v) => add.run(toAddInput(v)))}
        bodyClassName="space-y-5"
        error={add.error}
        onCancel={add.close}
        pending={add.pending}
        label="Add server"
        pendingLabel="Adding…"
      >
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

        <TextField
          id="server-name"
          label="Name"
          mono
          className="w-72"
          placeholder="e.g. filesystem"
          spellCheck={false}
          autoFocus
          error={errors.name?.message}
          hint="Used in rules (name:tool) and in the gateway URL."
          {...register('name')}
        />

        {transport === 'stdio' ? (
          <>
            <TextField
              id="server-command"
              label="Command"
              mono
              className="w-full"
              placeholder="e.g. npx or /usr/local/bin/node"
              spellCheck={false}
              error={errors.command?.message}
              {...register('command')}
            />
            <div>
              <label htmlFor="server-args" className={label}>
                Arguments <span className="font-normal text-muted">(one per line)</span>
              </label>
              <TextArea
                id="server-args"
                placeholder="e.g. -y, then the package, then each path, each on its own line"
                className="leading-5"
                {...register('args')}
              />
            </div>
            <TextField
              id="server-cwd"
              label={<>Working directory {optional}</>}
              mono
              className="w-full"
              spellCheck={false}
              {...register('cwd')}
            />
            <fieldset>
              <legend className={label}>Environment variables</legend>
              <SecretRows field="env" {...rows} what="Variable" namePlaceholder="NAME" />
            </fieldset>
          </>
        ) : (
          <>
            <TextField
              id="server-url"
              label="URL"
              mono
              className="w-full"
              placeholder="https://mcp.example.com/mcp"
              spellCheck={false}
              error={errors.url?.message}
              {...register('url')}
            />
            <fieldset>
              <legend className={label}>Headers</legend>
              <SecretRows field="headers" {...rows} what="Header" namePlaceholder="Authorization" />
            </fieldset>
          </>
        )}
      </DialogForm>
    </Dialog>
  );
}
