import type { ToolAnnotations, ToolInfo } from '../../../src-preload/contract';
import { Badge, type BadgeTone } from '../../components/ui/badge';

const hints: { key: keyof ToolAnnotations; label: string; tone: BadgeTone; title: string }[] = [
  { key: 'readOnlyHint', label: 'read-only', tone: 'ok', title: 'Does not change anything (as the server declares)' },
  { key: 'destructiveHint', label: 'destructive', tone: 'danger', title: 'May delete or overwrite data' },
  { key: 'idempotentHint', label: 'idempotent', tone: 'neutral', title: 'Calling it twice has the same effect as once' },
  { key: 'openWorldHint', label: 'open-world', tone: 'warn', title: 'Reaches outside systems (web, other services)' },
];

/** The tool's annotations as badges; only hints the server set to true show. */
export function ToolAnnotationBadges({ annotations }: { annotations: ToolAnnotations }) {
  const on = hints.filter((h) => annotations[h.key] === true);
  if (on.length === 0) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {on.map((h) => (
        <Badge key={h.key} tone={h.tone} title={h.title}>
          {h.label}
        </Badge>
      ))}
    </span>
  );
}

export function isReadOnly(tool: ToolInfo): boolean {
  return tool.annotations.readOnlyHint === true;
}
