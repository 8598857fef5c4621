import type { ReactNode } from 'react';
import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import type { Rule } from '../../src-preload/contract';
import { Button } from './ui/button';
import { FieldError, Hint, Input, Select } from './ui/field';

const RULE_HINT = 'a rule is SERVER:TOOLGLOB, for example fs:read_* or *:*';

/** Resolver error map for forms with rule rows: a too-short pattern gets the same plain explanation as a malformed one. */
export function rulePatternError(issue: { code?: string; origin?: string; path?: PropertyKey[] }): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.path?.[0] === 'rules') return RULE_HINT;
  return undefined;
}

interface RuleForm {
  rules: Rule[];
}

/** Permission rules of a form's `rules` field: one row per `allow|deny SERVER:TOOLGLOB`. */
export function RuleRows<T extends RuleForm>(props: {
  control: Control<T>;
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  /** Prefix of each row's error id (`<prefix>-<i>-error`). */
  idPrefix: string;
  /** What an empty list means, in words. */
  emptyText: string;
  hint: ReactNode;
}) {
  // The rows touch only `rules`, which every T has.
  const control = props.control as unknown as Control<RuleForm>;
  const register = props.register as unknown as UseFormRegister<RuleForm>;
  const errors = props.errors as FieldErrors<RuleForm>;
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  return (
    <div>
      {fields.length === 0 ? (
        <p className="rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px] text-muted">{props.emptyText}</p>
      ) : (
        <ul className="space-y-2">
          {fields.map((field, i) => {
            const err = errors.rules?.[i]?.pattern?.message;
            const errId = `${props.idPrefix}-${i}-error`;
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
        <Hint>{props.hint}</Hint>
        <Button size="sm" className="mt-1" onClick={() => append({ effect: 'allow', pattern: '' })}>
          <Plus aria-hidden="true" className="size-3.5" />
          Add rule
        </Button>
      </div>
    </div>
  );
}
