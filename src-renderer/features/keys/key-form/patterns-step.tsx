// Patterns for power users: allow/deny rows (SERVER:TOOLGLOB, SERVER:resource:URIGLOB,
// SERVER:prompt:NAMEGLOB), each with a live count of the known tools (resources, prompts)
// it matches and a warning when it names no server or matches nothing.
import { useState } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { countOf, kindOf, matchCount, type CatalogServer, type RuleWarning } from '../../../../src-shared/model/rule-coverage';
import { patternProblem } from '../../../../src-shared/model/rule-pattern';
import { Button } from '../../../components/ui/button';
import { DisclosureButton } from '../../../components/ui/disclosure-button';
import { Code, FieldError } from '../../../components/ui/field';
import { RuleEffectSelect, RulePatternInput } from '../../../components/rule-fields';
import { Step } from './section';
import { newPatternRow, type PatternRow } from './state';

function Count({ pattern, catalog }: { pattern: string; catalog: readonly CatalogServer[] }) {
  const p = pattern.trim();
  if (patternProblem(p)) return null;
  return <span className="shrink-0 text-[12px] whitespace-nowrap text-muted tabular-nums">matches {countOf(matchCount(p, catalog), kindOf(p))}</span>;
}

function Row({
  row,
  i,
  catalog,
  error,
  warning,
  onChange,
  onRemove,
}: {
  row: PatternRow;
  i: number;
  catalog: readonly CatalogServer[];
  error?: string;
  warning?: RuleWarning;
  onChange: (patch: Partial<PatternRow>) => void;
  onRemove: () => void;
}) {
  const noteId = `pattern-${row.id}-note`;
  return (
    <li>
      <div className="flex min-w-0 items-center gap-2">
        <RuleEffectSelect aria-label={`Effect of pattern ${i + 1}`} value={row.effect} onChange={(e) => onChange({ effect: e.target.value as PatternRow['effect'] })} />
        <RulePatternInput
          aria-label={`Pattern ${i + 1}`}
          value={row.pattern}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || warning ? noteId : undefined}
          onChange={(e) => onChange({ pattern: e.target.value })}
        />
        <Count pattern={row.pattern} catalog={catalog} />
        <Button variant="ghost" size="icon" className="text-muted" aria-label={`Remove pattern ${i + 1}`} onClick={onRemove}>
          <Trash2 aria-hidden="true" className="size-4" />
        </Button>
      </div>
      {error ? (
        <FieldError id={noteId}>{error}</FieldError>
      ) : warning ? (
        <p id={noteId} className="mt-1 flex flex-wrap items-center gap-x-2 text-[13px] text-warn-fg">
          <span>{warning.message}</span>
          {warning.suggestion ? (
            <Button size="sm" variant="ghost" className="h-6 px-1.5 underline" onClick={() => onChange({ pattern: warning.suggestion! })}>
              Use {warning.suggestion}
            </Button>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}

export function PatternsStep({
  step,
  patterns,
  catalog,
  errors,
  warnings,
  onChange,
}: {
  step: number;
  patterns: PatternRow[];
  catalog: readonly CatalogServer[];
  errors: Record<number, string> | undefined;
  warnings: RuleWarning[];
  onChange: (patterns: PatternRow[]) => void;
}) {
  const [open, setOpen] = useState(patterns.length > 0);
  const shown = open || patterns.length > 0;
  const update = (id: number, patch: Partial<PatternRow>) => onChange(patterns.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  const warningOf = (p: PatternRow) => warnings.find((w) => w.pattern === p.pattern.trim() && w.effect === p.effect);
  const title = (
    <>
      Patterns <span className="font-normal text-muted">(optional, for power users)</span>
      {patterns.length === 0 ? (
        <DisclosureButton open={open} onToggle={() => setOpen((o) => !o)} controls="key-patterns" what="patterns">
          {open ? 'Hide' : 'Show'}
        </DisclosureButton>
      ) : null}
    </>
  );
  return (
    <Step step={step} title={title}>
      {shown ? (
        <div id="key-patterns" className="space-y-2">
          {patterns.length ? (
            <ul className="space-y-2">
              {patterns.map((p, i) => (
                <Row key={p.id} row={p} i={i} catalog={catalog} error={errors?.[p.id]} warning={warningOf(p)} onChange={(patch) => update(p.id, patch)} onRemove={() => onChange(patterns.filter((x) => x.id !== p.id))} />
              ))}
            </ul>
          ) : null}
          <div className="flex items-start justify-between gap-3">
            <p className="text-[13px] text-muted">
              <Code>*:get_*</Code> allows every tool starting with <em>get_</em> on every server;{' '}
              <Code>fs:resource:file:///docs/*</Code> resources by URI; <Code>fs:prompt:*</Code> prompts by name. A deny beats any allow.
            </p>
            <Button size="sm" onClick={() => onChange([...patterns, newPatternRow()])}>
              <Plus aria-hidden="true" className="size-3.5" />
              Add pattern
            </Button>
          </div>
        </div>
      ) : null}
    </Step>
  );
}
