import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { Code, FieldError, Hint, Input, Select } from '../../components/ui/field';
import type { CreateKeyFormInput } from './create-key-schema';

/** Permission rules: one row per `allow|deny SERVER:TOOLGLOB`. */
export function RuleRows({
  control,
  register,
  errors,
}: {
  control: Control<CreateKeyFormInput>;
  register: UseFormRegister<CreateKeyFormInput>;
  errors: FieldErrors<CreateKeyFormInput>;
}) {
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  return (
    <div>
      {fields.length === 0 ? (
        <p className="rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px] text-muted">
          No rules: this key can call no tool at all. Add an allow rule.
        </p>
      ) : (
        <ul className="space-y-2">
          {fields.map((field, i) => {
            const err = errors.rules?.[i]?.pattern?.message;
            const errId = `rule-${i}-error`;
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
                  <Button
                    variant="ghost"
                    size="icon"
                    className="text-muted"
                    aria-label={`Remove rule ${i + 1}`}
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
      )}
      <div className="mt-2 flex items-start justify-between gap-3">
        <Hint>
          <Code>*:*</Code> allows every tool of every server; <Code>fs:read_*</Code> allows the tools of{' '}
          <em>fs</em> whose names start with <em>read_</em>. Deny beats allow.
        </Hint>
        <Button size="sm" className="mt-1" onClick={() => append({ effect: 'allow', pattern: '' })}>
          <Plus aria-hidden="true" className="size-3.5" />
          Add rule
        </Button>
      </div>
    </div>
  );
}
