import type { Rule, ServerDetail } from '../../../src-preload/contract';
import { formatPattern } from '../../../src-shared/model/rule-pattern';

export type ToolChoice = 'all' | 'read-only';

/** The tools a server marks read-only (readOnlyHint). */
export function readOnlyTools(detail: ServerDetail): string[] {
  return detail.tools.filter((t) => t.annotations.readOnlyHint === true).map((t) => t.name);
}

/** Read-only is pre-selected when the server marks any tool read-only. */
export function defaultChoice(detail: ServerDetail): ToolChoice {
  return readOnlyTools(detail).length > 0 ? 'read-only' : 'all';
}

/**
 * One allow rule per tool the server has today (or its read-only ones), and all of its
 * resources and prompts: Claude Desktop had them before it was protected, and reading a
 * resource or getting a prompt changes nothing.
 */
export function rulesFor(servers: { detail: ServerDetail; choice: ToolChoice }[]): Rule[] {
  const rules: Rule[] = [];
  for (const { detail, choice } of servers) {
    const names = choice === 'read-only' ? readOnlyTools(detail) : detail.tools.map((t) => t.name);
    for (const tool of names) rules.push({ effect: 'allow', pattern: formatPattern(detail.name, 'tool', tool) });
    rules.push({ effect: 'allow', pattern: `${detail.name}:resource:*` }, { effect: 'allow', pattern: `${detail.name}:prompt:*` });
  }
  return rules;
}
