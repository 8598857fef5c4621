import { useState } from 'react';
import { ErrorAlert } from '../../components/ui/alert';
import { SaveButton } from '../../components/ui/save-button';
import { FieldError, Hint, Input } from '../../components/ui/field';
import { useApiMutation } from '../../lib/use-api-mutation';

const MIB = 1024 * 1024;
const MIN_MIB = 0.0625; // 64 KiB, the API's floor
const MAX_MIB = 256;

/** Bytes as MiB for the input: whole numbers stay whole, 64 KiB reads 0.0625. */
export function toMiB(bytes: number): string {
  return String(Number((bytes / MIB).toFixed(4)));
}

/** MiB typed by a person to bytes, or the message that says what is accepted. */
export function parseMiB(text: string): number | string {
  const t = text.trim().replace(',', '.');
  const n = Number(t);
  if (!/^\d+(\.\d+)?$/.test(t) || n < MIN_MIB || n > MAX_MIB) return 'A size from 0.0625 (64 KiB) to 256 MiB.';
  return Math.round(n * MIB);
}

/** The guard's largest relayed message (maxMessageBytes), edited in MiB. */
export function MessageSizeForm({ bytes }: { bytes: number }) {
  const update = useApiMutation('settings.update');
  const [value, setValue] = useState(toMiB(bytes));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    const next = parseMiB(value);
    if (typeof next === 'string') return setError(next);
    setError(null);
    update.mutate({ maxMessageBytes: next }, { onSuccess: () => setSaved(true) });
  }

  return (
    <form onSubmit={submit} aria-label="Largest message" className="space-y-1">
      <label htmlFor="max-message-mib" className="block text-sm font-medium">
        Largest message
      </label>
      <div className="flex items-center gap-2">
        <Input
          id="max-message-mib"
          inputMode="decimal"
          className="w-24"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'max-message-error' : 'max-message-hint'}
        />
        <span className="text-sm text-muted">MiB</span>
        <SaveButton disabled={update.isPending || value.trim() === toMiB(bytes)} saved={saved} />
      </div>
      {error ? (
        <FieldError id="max-message-error">{error}</FieldError>
      ) : (
        <Hint id="max-message-hint">
          A JSON-RPC message larger than this is refused with an error, in either direction. Default 16 MiB; applies to sessions
          started after saving.
        </Hint>
      )}
      <ErrorAlert error={update.error} />
    </form>
  );
}
