// The gateway's session caps and idle expiry (issue 11): each gateway session to a stdio
// server holds a server process, so how many may live at once is the admin's call.
import { useState } from 'react';
import type { Settings } from '../../../src-preload/contract';
import { ErrorAlert } from '../../components/ui/alert';
import { SaveButton } from '../../components/ui/save-button';
import { FieldError, Hint, Input } from '../../components/ui/field';
import { useApiMutation } from '../../lib/use-api-mutation';

type Caps = Pick<Settings, 'gatewaySessionsPerPrincipal' | 'gatewaySessionsTotal' | 'gatewaySessionIdleMinutes' | 'gatewayPoolSize' | 'gatewayPoolIdleSeconds'>;

const FIELDS: { key: keyof Caps; label: string; unit: string; max: number }[] = [
  { key: 'gatewaySessionsPerPrincipal', label: 'Per key or OAuth app, per server', unit: 'sessions', max: 1000 },
  { key: 'gatewaySessionsTotal', label: 'In total', unit: 'sessions', max: 10_000 },
  { key: 'gatewaySessionIdleMinutes', label: 'End idle sessions after', unit: 'minutes', max: 1440 },
  { key: 'gatewayPoolSize', label: 'Shared processes per local server (2026-07-28 clients)', unit: 'processes', max: 32 },
  { key: 'gatewayPoolIdleSeconds', label: 'End idle shared processes after', unit: 'seconds', max: 86_400 },
];

/** A whole number in range typed by a person, or the message that says what is accepted. */
export function parseCount(text: string, max: number): number | string {
  const t = text.trim();
  const n = Number(t);
  return /^\d+$/.test(t) && n >= 1 && n <= max ? n : `A whole number from 1 to ${max.toLocaleString('en')}.`;
}

export function SessionCapsForm({ settings }: { settings: Caps }) {
  const update = useApiMutation('settings.update');
  const initial = () => Object.fromEntries(FIELDS.map((f) => [f.key, String(settings[f.key])])) as Record<keyof Caps, string>;
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof Caps, string>>>({});
  const [saved, setSaved] = useState(false);
  const dirty = FIELDS.some((f) => values[f.key].trim() !== String(settings[f.key]));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    const parsed = FIELDS.map((f) => [f.key, parseCount(values[f.key], f.max)] as const);
    const problems = Object.fromEntries(parsed.filter(([, v]) => typeof v === 'string'));
    setErrors(problems);
    if (Object.keys(problems).length) return;
    update.mutate(Object.fromEntries(parsed) as Caps, { onSuccess: () => setSaved(true) });
  }

  return (
    <form onSubmit={submit} aria-label="Gateway sessions" className="space-y-2" noValidate>
      <p className="text-sm font-medium">Gateway sessions</p>
      <div className="grid grid-cols-[auto_auto_1fr] items-center gap-x-2 gap-y-1.5">
        {FIELDS.map((f) => (
          <div key={f.key} className="contents">
            <label htmlFor={`caps-${f.key}`} className="text-[13px] text-muted">
              {f.label}
            </label>
            <Input
              id={`caps-${f.key}`}
              inputMode="numeric"
              className="w-24"
              value={values[f.key]}
              onChange={(e) => {
                setValues((v) => ({ ...v, [f.key]: e.target.value }));
                setSaved(false);
              }}
              aria-invalid={errors[f.key] ? true : undefined}
              aria-describedby={errors[f.key] ? `caps-${f.key}-error` : undefined}
            />
            <span className="text-[13px] text-muted">
              {f.unit}
              <FieldError id={`caps-${f.key}-error`}>{errors[f.key]}</FieldError>
            </span>
          </div>
        ))}
      </div>
      <div className="flex items-center gap-2">
        <SaveButton disabled={update.isPending || !dirty} saved={saved} />
      </div>
      <Hint>
        Each session to a local (stdio) server runs its own server process. Past a cap a new session is refused (HTTP 429 for one key or
        app, 503 for the total) with the time to retry. A session with no request and no stream open ends after the idle time.
        Clients of MCP 2026-07-28 have no session: they share a few processes per local server, which count against the total; an
        idle one ends after its idle time. Defaults: 5 per key or app, 20 in total, 5 minutes; 2 shared processes, 60 seconds.
      </Hint>
      <ErrorAlert error={update.error} />
    </form>
  );
}
