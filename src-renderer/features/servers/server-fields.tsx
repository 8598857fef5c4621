// The fields of a server definition, shared by the Add and Edit dialogs: transport,
// name, command, arguments, working directory and env (stdio), or URL and headers.
import type { Control, FieldErrors, UseFormRegister } from 'react-hook-form';
import { choiceClass, TextArea, TextField } from '../../components/ui/field';
import type { AddServerFormValues } from './add-server-schema';
import { SecretRows } from './secret-rows';

const label = 'mb-1 block text-[13px] font-medium';
const radio = choiceClass;
const optional = <span className="font-normal text-muted">(optional)</span>;

export interface ServerFieldsProps {
  control: Control<AddServerFormValues>;
  register: UseFormRegister<AddServerFormValues>;
  errors: FieldErrors<AddServerFormValues>;
  transport: 'stdio' | 'http';
  /** Edit: the name is the server's identity (rules, the guard, the gateway URL use it) and is not changed here. */
  nameFixed?: boolean;
  /** Edit: env and header names whose values are stored; an empty value keeps the stored one. */
  storedSecrets?: string[];
}

export function ServerFields({ control, register, errors, transport, nameFixed, storedSecrets }: ServerFieldsProps) {
  const rows = { control, register, errors, storedNames: storedSecrets };
  return (
    <>
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
        autoFocus={!nameFixed}
        readOnly={nameFixed}
        error={errors.name?.message}
        hint={nameFixed ? 'The name rules, the guard and the gateway URL use; it stays as it is.' : 'Used in rules (name:tool) and in the gateway URL.'}
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
            autoFocus={nameFixed}
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
          <TextField id="server-cwd" label={<>Working directory {optional}</>} mono className="w-full" spellCheck={false} {...register('cwd')} />
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
    </>
  );
}
