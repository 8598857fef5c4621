import { useState } from 'react';
import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { Eye, EyeOff } from 'lucide-react';
import { EditableRows } from '../../components/editable-rows';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/field';
import type { AddServerFormValues } from './add-server-schema';

/**
 * Name/value rows for env variables or HTTP headers. Values are secrets: masked while
 * typed (a per-row eye shows one), stored in the vault, and never shown again.
 */
export function SecretRows({
  field,
  control,
  register,
  errors,
  what,
  namePlaceholder,
  storedNames = [],
}: {
  field: 'env' | 'headers';
  control: Control<AddServerFormValues>;
  register: UseFormRegister<AddServerFormValues>;
  errors: FieldErrors<AddServerFormValues>;
  what: string;
  namePlaceholder: string;
  /** Names whose value is stored (Edit): their empty value keeps it. */
  storedNames?: string[];
}) {
  const { fields, append, remove } = useFieldArray({ control, name: field });
  const [shown, setShown] = useState<Record<string, boolean>>({});
  return (
    <EditableRows
      rows={fields}
      errorOf={(i) => errors[field]?.[i]?.name?.message}
      errorId={(i) => `${field}-${i}-error`}
      removeLabel={(i) => `Remove ${what.toLowerCase()} ${i + 1}`}
      onRemove={remove}
      addLabel={`Add ${what.toLowerCase()}`}
      onAdd={() => append({ name: '', value: '' })}
      hint={
        storedNames.length
          ? 'Values are stored encrypted and never shown; leave a stored value empty to keep it, or type a new one.'
          : 'Values are stored encrypted and never shown again; only the names are.'
      }
      renderRow={(f, i, invalid) => {
        const visible = shown[f.id] === true;
        const stored = storedNames.includes(f.name);
        return (
          <>
            <Input
              aria-label={`${what} ${i + 1} name`}
              placeholder={namePlaceholder}
              mono
              className="w-56"
              spellCheck={false}
              autoComplete="off"
              {...invalid}
              {...register(`${field}.${i}.name`)}
            />
            <Input
              aria-label={`${what} ${i + 1} value`}
              type={visible ? 'text' : 'password'}
              placeholder={stored ? 'unchanged (stored)' : 'value'}
              mono
              className="min-w-0 flex-1"
              spellCheck={false}
              autoComplete="new-password"
              {...register(`${field}.${i}.value`)}
            />
            <Button
              variant="ghost"
              size="icon"
              className="text-muted"
              aria-label={`${visible ? 'Hide' : 'Show'} ${what.toLowerCase()} ${i + 1} value`}
              aria-pressed={visible}
              onClick={() => setShown((s) => ({ ...s, [f.id]: !visible }))}
            >
              {visible ? <EyeOff aria-hidden="true" className="size-4" /> : <Eye aria-hidden="true" className="size-4" />}
            </Button>
          </>
        );
      }}
    />
  );
}
