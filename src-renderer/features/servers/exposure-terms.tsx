// What an OAuth client approved for a server gets there: tool globs, resource URI globs
// and prompt name globs, each allowed or denied (stored as the terms that follow
// `SERVER:` in a rule: `read_*`, `resource:file:///*`, `prompt:*`).
import { Fragment, useState } from 'react';
import { exposureTermSchema, type ExposureInfo } from '../../../src-preload/contract';
import { parsePattern, type Capability } from '../../../src-shared/model/rule-pattern';
import { Button } from '../../components/ui/button';
import { FieldError, Hint, Input } from '../../components/ui/field';
import { errorMessage } from '../../lib/api';
import { useApiMutation } from '../../lib/use-api-mutation';

const KINDS: { kind: Capability; label: string; example: string }[] = [
  { kind: 'tool', label: 'Tools', example: 'delete_*' },
  { kind: 'resource', label: 'Resources', example: 'file:///secret/*' },
  { kind: 'prompt', label: 'Prompts', example: 'admin-*' },
];

type Texts = Record<`${Capability}-${'allow' | 'deny'}`, string>;

/** The globs of one kind among stored terms, as typed: `resource:x` → `x`. */
function globsOf(terms: string[], kind: Capability): string {
  return terms
    .map((t) => parsePattern(`S:${t}`))
    .filter((p) => p.kind === kind)
    .map((p) => p.glob)
    .join(' ');
}

/** Typed globs of one kind back to terms. Split at spaces (URIs may hold commas, never spaces). */
function termsOf(text: string, kind: Capability): string[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((g) => (kind === 'tool' && !/^(tool|resource|prompt):/.test(g) ? g : `${kind}:${g}`));
}

function textsOf(e: ExposureInfo): Texts {
  const out = {} as Texts;
  for (const { kind } of KINDS) {
    out[`${kind}-allow`] = globsOf(e.allowTools, kind);
    out[`${kind}-deny`] = globsOf(e.denyTools, kind);
  }
  return out;
}

export function ExposureTerms({ exposure: e }: { exposure: ExposureInfo }) {
  const expose = useApiMutation('servers.expose');
  const [texts, setTexts] = useState(() => textsOf(e));
  const [problem, setProblem] = useState<string | null>(null);
  const saved = textsOf(e);
  const dirty = (Object.keys(texts) as (keyof Texts)[]).some((k) => texts[k].trim() !== saved[k]);
  const errId = `terms-${e.server}-error`;

  function save() {
    const allow = KINDS.flatMap(({ kind }) => termsOf(texts[`${kind}-allow`], kind));
    const deny = KINDS.flatMap(({ kind }) => termsOf(texts[`${kind}-deny`], kind));
    if ([...allow, ...deny].some((t) => t.startsWith(`${e.server}:`))) {
      return setProblem(`A glob names things of ${e.server} only, for example read_* or *; no “${e.server}:” prefix.`);
    }
    const bad = [...allow, ...deny].map((t) => exposureTermSchema.safeParse(t)).find((r) => !r.success);
    if (bad && !bad.success) return setProblem(bad.error.issues[0]?.message ?? 'not a glob');
    setProblem(null);
    expose.mutate({ name: e.server, exposed: e.exposed, allowTools: allow, denyTools: deny });
  }

  return (
    <form
      noValidate
      aria-label={`What an approved OAuth client gets on ${e.server}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        save();
      }}
    >
      <p className="mb-1 text-[13px] font-medium">What an approved OAuth client gets</p>
      <div className="grid grid-cols-[5.5rem_1fr_1fr] items-center gap-x-2 gap-y-1.5">
        <span />
        <span className="text-xs text-muted">Allow</span>
        <span className="text-xs text-muted">Deny</span>
        {KINDS.map(({ kind, label, example }) => (
          <Fragment key={kind}>
            <span className="text-[13px] text-muted">{label}</span>
            {(['allow', 'deny'] as const).map((effect) => (
              <Input
                key={effect}
                aria-label={`${label} to ${effect}`}
                mono
                value={texts[`${kind}-${effect}`]}
                placeholder={effect === 'allow' ? 'none' : `e.g. ${example}`}
                spellCheck={false}
                aria-describedby={problem ? errId : undefined}
                onChange={(ev) => {
                  setTexts((t) => ({ ...t, [`${kind}-${effect}`]: ev.target.value }));
                  setProblem(null);
                }}
              />
            ))}
          </Fragment>
        ))}
      </div>
      <FieldError id={errId}>{problem ?? (expose.isError ? errorMessage(expose.error) : null)}</FieldError>
      <div className="mt-1.5 flex items-center justify-between gap-3">
        <Hint>
          Globs separated by spaces: tool names, resource URIs, prompt names (<code>*</code> is everything). Deny beats allow. Applies to clients
          you approve from now on.
        </Hint>
        <Button type="submit" size="sm" disabled={!dirty || expose.isPending}>
          {expose.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
