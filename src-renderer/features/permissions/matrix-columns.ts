// The matrix's columns for one server: its tools, then its resources (and resource
// templates), then its prompts, each group shown only when the server has any.
import type { ServerDetail } from '../../../src-preload/contract';
import type { Target } from './rule-logic';

export interface ColumnGroup {
  kind: Target['kind'];
  label: string;
  targets: Target[];
}

export function columnGroups(s: ServerDetail): ColumnGroup[] {
  const groups: ColumnGroup[] = [
    { kind: 'tool', label: 'Tools', targets: s.tools.map((t) => ({ server: s.name, kind: 'tool', name: t.name })) },
    {
      kind: 'resource',
      label: 'Resources',
      targets: (s.resources ?? []).map((r) => ({ server: s.name, kind: 'resource', name: r.name, template: r.kind === 'resource_template' })),
    },
    { kind: 'prompt', label: 'Prompts', targets: (s.prompts ?? []).map((p) => ({ server: s.name, kind: 'prompt', name: p.name })) },
  ];
  return groups.filter((g) => g.targets.length > 0);
}

/** Columns a server takes beside its preset column (at least one, for "nothing discovered"). */
export function columnCount(s: ServerDetail): number {
  return Math.max(1, columnGroups(s).reduce((n, g) => n + g.targets.length, 0));
}

/** "13 tools · 9 resources · 4 prompts" */
export function countsOf(s: ServerDetail): string {
  const n = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;
  const parts = [n(s.tools.length, 'tool')];
  if (s.resources?.length) parts.push(n(s.resources.length, 'resource'));
  if (s.prompts?.length) parts.push(n(s.prompts.length, 'prompt'));
  return parts.join(' · ');
}

/**
 * What a column header shows: a tool's or prompt's name, a resource's last path segment
 * (with the one before it when the last is only a template variable: `text/{id}`).
 */
export function shortName(t: Target): string {
  if (t.kind !== 'resource') return t.name;
  const parts = t.name.replace(/\/+$/, '').split('/');
  const last = parts.pop() ?? '';
  if (!last) return t.name;
  return last.startsWith('{') && parts.length > 0 && parts[parts.length - 1] ? `${parts[parts.length - 1]}/${last}` : last;
}
