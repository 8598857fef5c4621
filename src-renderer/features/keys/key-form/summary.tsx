// The form's bottom line: what the key will allow, and a confirmation before a key
// that allows nothing is made (it would be refused on every call).
import type { Coverage } from '../../../../src-preload/rule-coverage';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';

export function CoverageLine({ coverage, servers }: { coverage: Coverage; servers: number }) {
  const text = coverage.allowsNothing
    ? 'Allows nothing yet: choose tools above.'
    : coverage.total === 0
      ? `Allows what its rules match on ${servers} ${servers === 1 ? 'server' : 'servers'}.`
      : `Allows ${coverage.allowed} of ${coverage.total} known tools.`;
  return (
    <p className={coverage.allowsNothing ? 'text-[13px] text-warn-fg' : 'text-[13px] text-muted'} aria-live="polite" data-testid="key-coverage">
      {text}
      {coverage.warnings.length ? ` ${coverage.warnings.length} ${coverage.warnings.length === 1 ? 'pattern needs' : 'patterns need'} a look.` : ''}
    </p>
  );
}

export function AllowsNothingConfirm({ verb, onConfirm, onBack }: { verb: string; onConfirm: () => void; onBack: () => void }) {
  return (
    <Alert
      tone="warning"
      live
      action={
        <span className="flex shrink-0 gap-1.5">
          <Button size="sm" onClick={onBack}>
            Choose tools
          </Button>
          <Button size="sm" variant="primary" onClick={onConfirm}>
            {verb} anyway
          </Button>
        </span>
      }
    >
      <strong className="font-semibold">This key allows nothing.</strong> Every call with it will be refused until its rules allow a tool.
    </Alert>
  );
}
