// A key's rules in words, grouped by server: "everything: all tools", "fs: read_file, list".
import type { Rule } from '../../../src-preload/contract';
import { splitPattern } from '../../../src-preload/rule-pattern';
import { Badge } from '../../components/ui/badge';

interface Group {
  server: string;
  all: boolean;
  tools: string[];
}

function group(rules: readonly Rule[]): { groups: Group[]; patterns: Rule[] } {
  const groups = new Map<string, Group>();
  const patterns: Rule[] = [];
  for (const r of rules) {
    const [server, tool] = splitPattern(r.pattern);
    if (r.effect !== 'allow' || /[*?]/.test(server) || (/[*?]/.test(tool) && tool !== '*')) {
      patterns.push(r);
      continue;
    }
    const g = groups.get(server) ?? { server, all: false, tools: [] };
    if (tool === '*') g.all = true;
    else g.tools.push(tool);
    groups.set(server, g);
  }
  return { groups: [...groups.values()], patterns };
}

export function KeyRulesSummary({ rules }: { rules: readonly Rule[] }) {
  if (rules.length === 0) return <p className="text-[13px] text-muted">No rules: this key can call nothing.</p>;
  const { groups, patterns } = group(rules);
  return (
    <ul className="space-y-1 text-[13px]" aria-label="What the key allows">
      {groups.map((g) => (
        <li key={g.server} className="flex min-w-0 gap-2">
          <span className="shrink-0 font-medium">{g.server}</span>
          <span className="min-w-0 font-mono text-[12px] break-words text-muted">{g.all ? 'every tool' : g.tools.join(', ')}</span>
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
