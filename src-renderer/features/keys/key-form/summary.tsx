// The form's bottom line: what the key will allow, and a confirmation before a key
// that allows nothing is made (it would be refused on every call).
import type { Coverage } from '../../../../src-shared/model/rule-coverage';
import { InlineConfirm } from '../../../components/ui/inline-confirm';

/** "Allows 5 of 13 known tools, 9 of 9 resources and 4 of 4 prompts." */
function allowsText(c: Coverage, servers: number): string {
  if (c.allowsNothing) return 'Allows nothing yet: choose what it may use above.';
  if (c.total + c.resources.total + c.prompts.total === 0) return `Allows what its rules match on ${servers} ${servers === 1 ? 'server' : 'servers'}.`;
  const parts = [`${c.allowed} of ${c.total} known tools`];
  if (c.resources.total) parts.push(`${c.resources.allowed} of ${c.resources.total} resources`);
  if (c.prompts.total) parts.push(`${c.prompts.allowed} of ${c.prompts.total} prompts`);
  const last = parts.pop()!;
  return `Allows ${parts.length ? `${parts.join(', ')} and ${last}` : last}.`;
}

export function CoverageLine({ coverage, servers }: { coverage: Coverage; servers: number }) {
  return (
    <p className={coverage.allowsNothing ? 'text-[13px] text-warn-fg' : 'text-[13px] text-muted'} aria-live="polite" data-testid="key-coverage">
      {allowsText(coverage, servers)}
      {coverage.warnings.length ? ` ${coverage.warnings.length} ${coverage.warnings.length === 1 ? 'pattern needs' : 'patterns need'} a look.` : ''}
    </p>
  );
}

export function AllowsNothingConfirm({ verb, onConfirm, onBack }: { verb: string; onConfirm: () => void; onBack: () => void }) {
  return (
    <InlineConfirm onCancel={onBack} cancelLabel="Choose what it may use" onConfirm={onConfirm} label={`${verb} anyway`}>
      <strong className="font-semibold">This key allows nothing.</strong> Every call with it will be refused until its rules allow a tool, resource or prompt.
    </InlineConfirm>
  );
}
