import type { ReactNode } from 'react';
import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import type { Rule } from '../../src-preload/contract';
import { EditableRows } from './editable-rows';
import { RuleEffectSelect, RulePatternInput } from './rule-fields';

const RULE_HINT = 'a rule is SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB, for example fs:read_* or *:*';

/** Resolver error map for forms with rule rows: a too-short pattern gets the same plain explanation as a malformed one. */
export function rulePatternError(issue: { code?: string; origin?: string; path?: PropertyKey[] }): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.path?.[0] === 'rules') return RULE_HINT;
  return undefined;
}

interface RuleForm {
  rules: Rule[];
}

/** Permission rules of a form's `rules` field: one row per `allow|deny SERVER:TOOLGLOB` (or :resource:/:prompt:). */
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
    <EditableRows
      rows={fields}
      errorOf={(i) => errors.rules?.[i]?.pattern?.message}
      errorId={(i) => `${props.idPrefix}-${i}-error`}
      removeLabel={(i) => `Remove rule ${i + 1}`}
      onRemove={remove}
      addLabel="Add rule"
      onAdd={() => append({ effect: 'allow', pattern: '' })}
      emptyText={props.emptyText}
      hint={props.hint}
      renderRow={(_row, i, invalid) => (
        <>
          <RuleEffectSelect aria-label={`Effect of rule ${i + 1}`} {...register(`rules.${i}.effect`)} />
          <RulePatternInput aria-label={`Pattern of rule ${i + 1}`} {...invalid} {...register(`rules.${i}.pattern`)} />
        </>
      )}
    />
  );
}
