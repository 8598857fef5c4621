// `x-mcp-header` (2026-07-28, SEP-2243): a tool may ask that some of its arguments travel
// in `Mcp-Param-<Name>` headers too, so intermediaries can route on them. A client over
// streamable HTTP must send them and must leave out tools whose declarations break the
// rules. Declarations are learned from the tools/list answers that pass by.
import { headerValue } from './era';

interface Declaration {
  path: string[];
  header: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const TYPES = new Set(['string', 'integer', 'boolean']);
/** Places an annotation must never be: only a chain of `properties` reaches a header. */
const UNREACHABLE = ['items', 'prefixItems', 'contains', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'patternProperties', 'dependentSchemas', 'oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else', '$defs', 'definitions'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The declarations of a tool's inputSchema, or null when they break the rules (the tool is left out). */
export function declarationsOf(schema: unknown): Declaration[] | null {
  const out: Declaration[] = [];
  const seen = new Set<string>();
  const visit = (node: unknown, path: string[]): boolean => {
    if (!isObject(node)) return true;
    if ('x-mcp-header' in node && !declare(node, path, out, seen)) return false;
    const props = node.properties;
    if (isObject(props)) for (const [k, child] of Object.entries(props)) if (!visit(child, [...path, k])) return false;
    return UNREACHABLE.every((k) => !mentions(node[k]));
  };
  return visit(schema, []) ? out : null;
}

function declare(node: Record<string, unknown>, path: string[], out: Declaration[], seen: Set<string>): boolean {
  const header = node['x-mcp-header'];
  if (path.length === 0 || typeof header !== 'string' || !TOKEN.test(header)) return false;
  if (typeof node.type !== 'string' || !TYPES.has(node.type)) return false;
  if (seen.has(header.toLowerCase())) return false;
  seen.add(header.toLowerCase());
  out.push({ path, header });
  return true;
}

/** Whether an `x-mcp-header` appears anywhere below a place where none may be. */
function mentions(node: unknown): boolean {
  if (!isObject(node)) return false;
  if (!Array.isArray(node) && 'x-mcp-header' in node) return true;
  return Object.values(node).some(mentions);
}

export class ParamHeaders {
  private readonly tools = new Map<string, Declaration[]>();

  /** Learns from a tools/list result; returns the tools a client may use (the invalid ones left out). */
  learn(tools: unknown[]): unknown[] {
    return tools.filter((t) => {
      if (!isObject(t) || typeof t.name !== 'string') return true;
      const d = declarationsOf(t.inputSchema);
      if (d) this.tools.set(t.name, d);
      else this.tools.delete(t.name);
      return d !== null;
    });
  }

  headersFor(tool: unknown, args: unknown): Record<string, string> {
    const decls = typeof tool === 'string' ? this.tools.get(tool) : undefined;
    const h: Record<string, string> = {};
    for (const d of decls ?? []) {
      const v = valueAt(args, d.path);
      const s = typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null;
      if (s !== null) h[`mcp-param-${d.header.toLowerCase()}`] = headerValue(s);
    }
    return h;
  }
}

function valueAt(root: unknown, path: string[]): unknown {
  let node = root;
  for (const k of path) {
    if (!isObject(node)) return undefined;
    node = node[k];
  }
  return node;
}
