// Edits one server entry of a JSON or JSONC config and leaves every other byte as it
// was: key order, indentation, line endings, comments, trailing commas. jsonc-parser
// locates nodes; the splices are done here, because its formatter re-flows whole lines
// around an insertion (a one-line sibling entry would be re-indented).
import jsonc from 'jsonc-parser';
import { GatehouseError } from '../errors';
import type { ConfigDoc } from './config-doc';

const { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, modify, applyEdits } = jsonc;
type Node = jsonc.Node;

export interface Style {
  eol: string;
  /** One indentation level: spaces or a tab. */
  unit: string;
  /** The file has no line break inside its top-level object: write entries compactly. */
  compact: boolean;
}

export function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let unit = '  ';
  const m = /\n([ \t]+)\S/.exec(text);
  if (m) unit = m[1]!.startsWith('\t') ? '\t' : m[1]!;
  const body = text.trim();
  return { eol, unit, compact: !body.slice(0, -1).includes('\n') };
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function pretty(value: unknown, style: Style, base: string): string {
  if (style.compact) return JSON.stringify(value);
  return JSON.stringify(value, null, style.unit).split('\n').join(style.eol + base);
}

/** Skips whitespace and comments from offset; returns the next offset with content. */
function skipTrivia(text: string, i: number, sameLine = false): number {
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t') i++;
    else if (!sameLine && (c === '\n' || c === '\r')) i++;
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (text.startsWith('//', i)) {
      if (sameLine) return text.length; // a line comment runs to the end of the line
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else return i;
  }
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** Text with `key: value` added as the last property of `obj`. */
function insertProperty(text: string, obj: Node, key: string, value: unknown, style: Style): string {
  const props = obj.children ?? [];
  const last = props[props.length - 1];
  const prop = (base: string) => `${JSON.stringify(key)}:${style.compact ? '' : ' '}${pretty(value, style, base)}`;
  if (!last) {
    const open = obj.offset + 1;
    const close = obj.offset + obj.length - 1;
    if (style.compact) return text.slice(0, open) + prop('') + text.slice(close);
    const outer = lineIndent(text, obj.offset);
    const inner = outer + style.unit;
    return text.slice(0, open) + style.eol + inner + prop(inner) + style.eol + outer + text.slice(close);
  }
  const afterValue = last.offset + last.length;
  const next = skipTrivia(text, afterValue);
  const trailingComma = text[next] === ',';
  const anchor = trailingComma ? next + 1 : afterValue;
  if (style.compact) return text.slice(0, anchor) + (trailingComma ? '' : ',') + prop('') + (trailingComma ? ',' : '') + text.slice(anchor);
  // After a comment that ends the line, if there is one; before anything else on the line.
  const rest = skipTrivia(text, anchor, true);
  const at = rest >= lineEnd(text, anchor) ? lineEnd(text, anchor) : anchor;
  const indent = lineStartsAt(text, last.offset) ? lineIndent(text, last.offset) : lineIndent(text, obj.offset) + style.unit;
  const added = style.eol + indent + prop(indent) + (trailingComma ? ',' : '');
  if (trailingComma) return text.slice(0, at) + added + text.slice(at);
  return text.slice(0, afterValue) + ',' + text.slice(afterValue, at) + added + text.slice(at);
}

function lineStartsAt(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(start, offset));
}

export function parseJsonConfig(text: string, opts: { format: 'json' | 'jsonc'; serversKey: string; path: string }): ConfigDoc {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const errors: jsonc.ParseError[] = [];
  const strict = opts.format === 'json';
  const root = parseTree(body, errors, { disallowComments: strict, allowTrailingComma: !strict, allowEmptyContent: false });
  if (errors.length || !root || root.type !== 'object') {
    const first = errors[0];
    const where = first ? ` (${printParseErrorCode(first.error)} at line ${body.slice(0, first.offset).split('\n').length})` : ' (the top level is not an object)';
    throw new GatehouseError(
      'CONFIG_INVALID',
      `${opts.path} is not valid ${opts.format.toUpperCase()}${where}. Fix the file first: Gatehouse does not change a file it cannot parse.`,
    );
  }
  const style = detectStyle(body);
  const mapNode = findNodeAtLocation(root, [opts.serversKey]);
  if (mapNode && mapNode.type !== 'object') {
    throw new GatehouseError('CONFIG_INVALID', `${opts.path}: "${opts.serversKey}" is not an object; fix it before protecting servers`);
  }
  const entryNode = (name: string) => (mapNode ? findNodeAtLocation(mapNode, [name]) : undefined);
  const splice = (node: Node, content: string) => bom + body.slice(0, node.offset) + content + body.slice(node.offset + node.length);
  return {
    format: opts.format,
    entries: () => (mapNode ? (getNodeValue(mapNode) as Record<string, unknown>) : {}),
    rawOf: (name) => {
      const node = entryNode(name);
      return node ? body.slice(node.offset, node.offset + node.length) : null;
    },
    withEntry: (name, value) => {
      const node = entryNode(name);
      if (node) return splice(node, pretty(value, style, lineIndent(body, node.parent!.offset)));
      if (mapNode) return bom + insertProperty(body, mapNode, name, value, style);
      return bom + insertProperty(body, root, opts.serversKey, { [name]: value }, style);
    },
    withRaw: (name, raw) => {
      const node = entryNode(name);
      if (!node) throw new GatehouseError('NOT_FOUND', `${opts.path} has no entry named ${name}`);
      return splice(node, raw);
    },
    withoutEntry: (name) => {
      if (!entryNode(name)) return text;
      return bom + applyEdits(body, modify(body, [opts.serversKey, name], undefined, {}));
    },
  };
}
