import { useState } from 'react';
import type { Settings } from '../../../src-preload/contract';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { FieldError, Hint, Input } from '../../components/ui/field';
import { Switch } from '../../components/ui/switch';
import { useApiMutation } from '../../lib/use-api-mutation';

/** What the audit log keeps, and for how long. */
export function AuditSettings({ settings }: { settings: Settings }) {
  const update = useApiMutation('settings.update');
  const [days, setDays] = useState(String(settings.auditRetentionDays));
  const [error, setError] = useState<string | null>(null);

  function saveDays(e: React.FormEvent) {
    e.preventDefault();
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 3650) return setError('A whole number of days from 1 to 3650.');
    setError(null);
    update.mutate({ auditRetentionDays: n });
  }

  return (
    <div className="space-y-4">
      <div>
        <div className="flex items-center gap-3">
          <Switch
            id="store-arguments"
            label="Store tool arguments"
            checked={settings.auditStoreArguments}
            disabled={update.isPending}
            onCheckedChange={(v) => update.mutate({ auditStoreArguments: v })}
          />
          <label htmlFor="store-arguments" className="text-sm font-medium">
            Store tool arguments
          </label>
        </div>
        <Hint>Off by default. When on, each call&apos;s arguments are kept with its event; values that look like secrets (tokens, passwords, keys) are redacted first.</Hint>
      </div>
      <form onSubmit={saveDays} className="space-y-1">
        <label htmlFor="retention-days" className="block text-sm font-medium">
          Keep events for
        </label>
        <div className="flex items-center gap-2">
          <Input
            id="retention-days"
            inputMode="numeric"
            className="w-20"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'retention-error' : 'retention-hint'}
          />
          <span className="text-sm text-muted">days</span>
          <Button type="submit" size="sm" disabled={update.isPending || days === String(settings.auditRetentionDays)}>
            Save
          </Button>
        </div>
        {error ? <FieldError id="retention-error">{error}</FieldError> : <Hint id="retention-hint">Older events are deleted daily.</Hint>}
      </form>
      <ErrorAlert error={update.error} />
    </div>
  );
}
