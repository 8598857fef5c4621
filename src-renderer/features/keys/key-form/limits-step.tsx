import type { RateLimit } from '../../../../src-preload/rate-limit';
import { Alert } from '../../../components/ui/alert';
import { choiceClass, FieldError } from '../../../components/ui/field';
import { defaultRateText } from '../../../lib/rate';
import { RateLimitFields } from '../../rate-limits/rate-limit-fields';
import { expiryChoices } from '../choices';
import { Step } from './section';
import type { KeyFormState } from './state';

const radio = choiceClass;
const chip =
  'flex h-8 cursor-pointer items-center gap-2 rounded-md border border-border-strong px-3 text-sm has-[:checked]:border-accent has-[:checked]:bg-surface-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring';

export function RateStep({
  step,
  state,
  defaultLimit,
  error,
  onChange,
}: {
  step: number;
  state: Pick<KeyFormState, 'rateMode' | 'rateLimit' | 'rateWindow'>;
  /** The default from Rate limits (undefined while it loads). */
  defaultLimit: RateLimit | null | undefined;
  error?: string;
  onChange: (patch: Partial<KeyFormState>) => void;
}) {
  const custom = state.rateMode === 'custom';
  return (
    <Step step={step} title="Rate limit">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="rate-mode" className={radio} checked={!custom} onChange={() => onChange({ rateMode: 'default' })} />
          {defaultRateText(defaultLimit)}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="rate-mode" className={radio} checked={custom} onChange={() => onChange({ rateMode: 'custom' })} />
          Its own:
        </label>
        <RateLimitFields
          label="Rate limit"
          value={{ limit: state.rateLimit, window: state.rateWindow }}
          onChange={(d) => onChange({ rateLimit: d.limit, rateWindow: d.window })}
          disabled={!custom}
          errorId={error ? 'rate-error' : undefined}
        />
      </div>
      <FieldError id="rate-error">{error}</FieldError>
    </Step>
  );
}

export function ExpiryStep({
  step,
  expiry,
  keepLabel,
  onChange,
}: {
  step: number;
  expiry: KeyFormState['expiry'];
  /** Editing: the key's current expiry in words ("expires in 28 days"), offered first. */
  keepLabel: string | null;
  onChange: (expiry: KeyFormState['expiry']) => void;
}) {
  const choices = [...(keepLabel ? [{ value: 'keep' as const, label: `Keep (${keepLabel})` }] : []), ...expiryChoices];
  return (
    <Step step={step} title="Expiry">
      <div className="flex flex-wrap gap-2" role="radiogroup" aria-label="Expiry">
        {choices.map((c) => (
          <label key={c.value} className={chip}>
            <input type="radio" name="expiry" value={c.value} className={radio} checked={expiry === c.value} onChange={() => onChange(c.value)} />
            {c.label}
          </label>
        ))}
      </div>
      {keepLabel && expiry !== 'keep' ? <p className="text-[13px] text-muted">Counted from now.</p> : null}
      {expiry === 'never' ? (
        <Alert tone="warning">A key that never expires keeps working until someone revokes it. Prefer an expiry and rotate the key when it nears.</Alert>
      ) : null}
    </Step>
  );
}
