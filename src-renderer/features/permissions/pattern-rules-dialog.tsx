import { useState } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { rulePatternSchema, type Rule } from '../../../src-preload/contract';
import type { MatrixRow } from './use-permissions';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { Code, FieldError, Hint } from '../../components/ui/field';
import { RuleEffectSelect, RulePatternInput } from '../../components/rule-fields';
import { isPatternRule } from './rule-logic';

interface Row {
  id: number;
  effect: Rule['effect'];
  pattern: string;
}

let nextId = 1;

/**
 * The key's glob rules (`fs:read_*`, `*:*`). Applying puts them into the pending
 * changes next to the matrix's exact rules; Save on the page writes both.
 */
export function PatternRulesDialog({
  target,
  rules,
  onApply,
  onClose,
}: {
  target: MatrixRow | null;
  rules: Rule[];
  onApply: (patternRules: Rule[]) => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={`Pattern rules of “${target?.name ?? ''}”`}
      description="Globs over server names and tool names, resource URIs or prompt names. Exact rules stay in the matrix."
      width="max-w-xl"
    >
      {target ? <PatternRulesForm key={target.id} rules={rules} onApply={onApply} onCancel={onClose} /> : null}
    </Dialog>
  );
}

function PatternRulesForm({ rules, onApply, onCancel }: { rules: Rule[]; onApply: (r: Rule[]) => void; onCancel: () => void }) {
  const [rows, setRows] = useState<Row[]>(() => rules.filter(isPatternRule).map((r) => ({ id: nextId++, ...r })));
  const [tried, setTried] = useState(false);
  const errors = rows.map((r) => {
    const parsed = rulePatternSchema.safeParse(r.pattern);
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'not a rule');
  });
  const update = (id: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (errors.some(Boolean)) return;
        onApply(rows.map((r) => ({ effect: r.effect, pattern: r.pattern.trim() })));
      }}
    >
      <DialogBody className="space-y-3">
        {rows.length === 0 ? (
          <p className="rounded-md border border-dashed border-border-strong px-3 py-2 text-[13px] text-muted">
            No pattern rules. Add one to allow or deny many tools at once.
          </p>
        ) : (
          <ul className="space-y-2">
            {rows.map((r, i) => {
              const err = tried ? errors[i] : null;
              return (
                <li key={r.id}>
                  <div className="flex items-center gap-2">
                    <RuleEffectSelect aria-label={`Effect of pattern ${i + 1}`} value={r.effect} onChange={(e) => update(r.id, { effect: e.target.value as Rule['effect'] })} />
                    <RulePatternInput
                      aria-label={`Pattern ${i + 1}`}
                      value={r.pattern}
                      autoFocus={i === rows.length - 1 && r.pattern === ''}
                      aria-invalid={err ? true : undefined}
                      aria-describedby={err ? `pattern-${i}-error` : undefined}
                      onChange={(e) => update(r.id, { pattern: e.target.value })}
                    />
                    <Button
                      variant="ghost"
                      size="icon"
                      className="text-muted"
                      aria-label={`Remove pattern ${i + 1}`}
                      onClick={() => setRows((rs) => rs.filter((x) => x.id !== r.id))}
                    >
                      <Trash2 aria-hidden="true" className="size-4" />
                    </Button>
                  </div>
                  <FieldError id={`pattern-${i}-error`}>{err}</FieldError>
                </li>
              );
            })}
          </ul>
        )}
        <div className="flex items-start justify-between gap-3">
          <Hint>
            <Code>fs:read_*</Code> matches the tools of <em>fs</em> starting with <em>read_</em>; <Code>*:*</Code> every tool;{' '}
            <Code>fs:resource:file:///docs/*</Code> resources by URI; <Code>fs:prompt:*</Code> prompts by name. Deny beats allow.
          </Hint>
          <Button size="sm" className="mt-1" onClick={() => setRows((rs) => [...rs, { id: nextId++, effect: 'allow', pattern: '' }])}>
            <Plus aria-hidden="true" className="size-3.5" />
            Add pattern
          </Button>
        </div>
      </DialogBody>
      <DialogFooter>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary">
          Apply
        </Button>
      </DialogFooter>
    </form>
  );
}
