// The server's answers on their way to the client: lists filtered to what the caller may
// use (tools by name, resources by URI, templates by URI template, prompts by name), and
// the outcome word the audit log records.
import type { Use } from '../policy/policy';
import type { Message } from './jsonrpc';
import type { ListFilter } from './methods';

/** The answer with its list filtered, re-serialized; null when there is no list to filter. */
export function filteredList(msg: Message, list: ListFilter, allowed: (use: Use) => boolean): Buffer | null {
  const result = msg.result as Record<string, unknown> | undefined;
  const items = result?.[list.field];
  if (!Array.isArray(items)) return null;
  result![list.field] = items.filter((item: unknown) => {
    const name = (item as Record<string, unknown> | null)?.[list.key];
    return typeof name === 'string' && allowed({ kind: list.kind, name });
  });
  return Buffer.from(JSON.stringify(msg) + '\n', 'utf8');
}

export function outcomeOf(msg: Message): string {
  if (msg.error) return 'error';
  const r = msg.result as { isError?: unknown; resultType?: unknown } | undefined;
  if (r?.isError === true) return 'tool_error';
  if (r?.resultType === 'input_required') return 'input_required';
  return 'ok';
}

/** What the audit's tool column holds for a request: the tool, resource URI or prompt name it used. */
export function usedNames(uses: readonly Use[]): string | null {
  if (uses.length === 0) return null;
  const text = uses.map((u) => u.name).join(', ');
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
