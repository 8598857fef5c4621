import { useState } from 'react';
import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { Eye, EyeOff, Plus, Trash2 } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { FieldError, Hint, Input } from '../../components/ui/field';
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
}: {
  field: 'env' | 'headers';
  control: Control<AddServerFormValues>;
  register: UseFormRegister<AddServerFormValues>;
  errors: FieldErrors<AddServerFormValues>;
  what: string;
  namePlaceholder: string;
}) {
  const { fields, append, remove } = useFieldArray({ control, name: field });
  const [shown, setShown] = useState<Record<string, boolean>>({});
  return (
    <div>
      {fields.length > 0 ? (
        <ul className="mb-2 space-y-2">
          {fields.map((f, i) => {
            const err = errors[field]?.[i]?.name?.message;
            const errId = `${field}-${i}-error`;
            const visible = shown[f.id] === true;
            return (
              <li key={f.id}>
                <div className="flex items-center gap-2">
                  <Input
                    aria-label={`${what} ${i + 1} name`}
                    placeholder={namePlaceholder}
                    mono
                    className="w-56"
                    spellCheck={false}
                    autoComplete="off"
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? errId : undefined}
                    {...register(`${field}.${i}.name`)}
                  />
                  <Input
                    aria-label={`${what} ${i + 1} value`}
                    type={visible ? 'text' : 'password'}
                    placeholder="value"
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
                  <Button
                    variant="ghost"
                    size="icon"
                    className="text-muted"
                    aria-label={`Remove ${what.toLowerCase()} ${i + 1}`}
                    onClick={() => remove(i)}
                  >
                    <Trash2 aria-hidden="true" className="size-4" />
                  </Button>
                </div>
                <FieldError id={errId}>{err}</FieldError>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="flex items-start justify-between gap-3">
        <Hint>Values are stored encrypted and never shown again; only the names are.</Hint>
        <Button size="sm" onClick={() => append({ name: '', value: '' })}>
          <Plus aria-hidden="true" className="size-3.5" />
          Add {what.toLowerCase()}
        </Button>
      </div>
    </div>
  );
}
