import { FieldError, TextArea } from '../../../components/ui/field';
import { Input } from '../../../components/ui/field';
import { Step } from './section';
import type { KeyFormState } from './state';

export function NameStep({
  state,
  error,
  onChange,
  autoFocus,
}: {
  state: Pick<KeyFormState, 'name' | 'description'>;
  error?: string;
  onChange: (patch: Partial<KeyFormState>) => void;
  autoFocus: boolean;
}) {
  return (
    <Step step={1} title="Name">
      <Input
        aria-label="Key name"
        placeholder="e.g. Claude Desktop on laptop"
        className="w-full"
        autoComplete="off"
        autoFocus={autoFocus}
        value={state.name}
        onChange={(e) => onChange({ name: e.target.value })}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'key-name-error' : undefined}
      />
      <FieldError id="key-name-error">{error}</FieldError>
      <TextArea
        aria-label="Description"
        rows={2}
        placeholder="What is it for? (optional)"
        className="font-sans text-sm"
        spellCheck
        value={state.description}
        onChange={(e) => onChange({ description: e.target.value })}
        maxLength={500}
      />
    </Step>
  );
}
