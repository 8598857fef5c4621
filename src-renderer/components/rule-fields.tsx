// The two fields of a permission rule, as every rule editor shows them: Allow/Deny, and
// the pattern (SERVER:TOOLGLOB, SERVER:resource:URIGLOB or SERVER:prompt:NAMEGLOB).
import { forwardRef, type SelectHTMLAttributes } from 'react';
import { Input, Select, type InputProps } from './ui/field';

export const RuleEffectSelect = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function RuleEffectSelect(props, ref) {
  return (
    <Select ref={ref} className="w-24" {...props}>
      <option value="allow">Allow</option>
      <option value="deny">Deny</option>
    </Select>
  );
});

export const RulePatternInput = forwardRef<HTMLInputElement, InputProps>(function RulePatternInput(props, ref) {
  return (
    <Input
      ref={ref}
      mono
      className="min-w-0 flex-1"
      placeholder="fs:read_*, fs:resource:file:///*, fs:prompt:*"
      spellCheck={false}
      autoComplete="off"
      {...props}
    />
  );
});
