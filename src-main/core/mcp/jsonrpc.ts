// JSON-RPC 2.0 as the guard needs it: ids, errors, and finding an id in a fragment. What a
// client message is (request, notification, response) is the classifier's call (./classify).
export type Id = string | number;

export interface Message {
  jsonrpc?: string;
  id?: Id | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
}

/** Error codes of the guard's own answers (the -32000…-32099 range is the server's to define). */
export const ERR = {
  PARSE: -32700,
  INVALID_REQUEST: -32600,
  INTERNAL: -32603,
  UPSTREAM: -32000,
  KEY_REFUSED: -32001,
  DENIED: -32003,
  RATE_LIMITED: -32029,
} as const;

export function idKey(id: Id): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}

/** The id an `idKey` was made from. */
export function idOfKey(key: string): Id {
  return key[0] === 'n' ? Number(key.slice(1)) : key.slice(1);
}

export function isId(v: unknown): v is Id {
  return typeof v === 'string' || typeof v === 'number';
}

/** Shape checks for what a server sends (the remote upstream) and for answering only: a
 * client message that may be relayed is placed by the classifier alone (./classify). */
export function isRequest(m: Message): m is Message & { id: Id; method: string } {
  return typeof m.method === 'string' && isId(m.id);
}

export function isResponse(m: Message): m is Message & { id: Id } {
  return m.method === undefined && isId(m.id) && ('result' in m || 'error' in m);
}

export function errorLine(id: Id | null, code: number, message: string, data?: Record<string, unknown>): Buffer {
  return Buffer.from(
    JSON.stringify({ jsonrpc: '2.0', id, error: data ? { code, message, data } : { code, message } }) + '\n',
    'utf8',
  );
}

/** The top-level id of a JSON-RPC message cut short, if one is visible in its first bytes. */
export function idFromFragment(head: Buffer): Id | null {
  const text = head.toString('utf8');
  // Only a top-level "id": depth 1 within the outer object.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      if (depth === 1 && text.startsWith('"id"', i)) {
        const m = /^"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)/.exec(text.slice(i));
        if (m) return m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : Number(m[1]);
      }
      inString = true;
    }
  }
  return null;
}
