// A key's rules in words, grouped by server: "everything: every tool · every resource",
// "fs: read_file, list · prompt summarize". Globs and denies are listed as they are.
import type { Capability, Rule } from '../../../src-preload/contract';
import { capabilities, parsePattern } from '../../../src-shared/model/rule-pattern';
import { Badge } from '../../components/ui/badge';

interface Group {
  server: string;
  /** Per kind: every one (`*`), or the exact names allowed. */
  kinds: Record<Capability, { all: boolean; names: string[] }>;
}

const hasGlob = (s: string) => /[*?]/.test(s);
const PLURAL: Record<Capability, string> = { tool: 'tools', resource: 'resources', prompt: 'prompts' };

function group(rules: readonly Rule[]): { groups: Group[]; patterns: Rule[] } {
  const groups = new Map<string, Group>();
  const patterns: Rule[] = [];
  for (const r of rules) {
    const { server, kind, glob } = parsePattern(r.pattern);
    if (r.effect !== 'allow' || hasGlob(server) || (hasGlob(glob) && glob !== '*')) {
      patterns.push(r);
      continue;
    }
    const g = groups.get(server) ?? { server, kinds: { tool: { all: false, names: [] }, resource: { all: false, names: [] }, prompt: { all: false, names: [] } } };
    if (glob === '*') g.kinds[kind].all = true;
    else g.kinds[kind].names.push(glob);
    groups.set(server, g);
  }
  return { groups: [...groups.values()], patterns };
}

/** "every tool · resources file:///a, file:///b · every prompt" */
function groupText(g: Group): string {
  const parts: string[] = [];
  for (const kind of capabilities) {
    const k = g.kinds[kind];
    if (k.all) parts.push(`every ${kind}`);
    else if (k.names.length) parts.push(kind === 'tool' ? k.names.join(', ') : `${PLURAL[kind]} ${k.names.join(', ')}`);
  }
  return parts.join(' · ');
}

export function KeyRulesSummary({ rules }: { rules: readonly Rule[] }) {
  if (rules.length === 0) return <p className="text-[13px] text-muted">No rules: this key can use nothing.</p>;
  const { groups, patterns } = group(rules);
  return (
    <ul className="space-y-1 text-[13px]" aria-label="What the key allows">
      {groups.map((g) => (
        <li key={g.server} className="flex min-w-0 gap-2">
          <span className="shrink-0 font-medium">{g.server}</span>
          <span className="min-w-0 font-mono text-[12px] break-words text-muted">{groupText(g)}</span>
        </li>
      ))}
      {patterns.map((r, i) => (
        <li key={`${r.pattern}-${i}`} className="flex items-center gap-2">
          <Badge tone={r.effect === 'allow' ? 'ok' : 'danger'}>{r.effect}</Badge>
          <span className="font-mono text-[12px]">{r.pattern}</span>
        </li>
      ))}
    </ul>
  );
}
