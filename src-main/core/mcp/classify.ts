// The one classifier of client messages, shared by the guard and the gateway. Every
// message is placed as exactly one of: a request MCP defines (for the era it declares),
// a notification MCP defines, or a response to a request the server made and is still
// waiting on. Anything else is refused with a JSON-RPC error (a notification: dropped)
// and never reaches the server. Names match exactly: no case folding, no trimming.
import type { Use } from '../policy/policy';
import { idKey, type Id } from './jsonrpc';
import { CLIENT_NOTIFICATIONS, CLIENT_REQUESTS, eraOf, type Era, type RequestSpec, type Target } from './methods';

export type { Use };

/** What the classifier needs to know of the exchange so far. */
export interface Exchange {
  /** A client request with this id key (see `idKey`) awaits the server's answer. */
  clientPending(key: string): boolean;
  /** The server asked the client something with this id key and awaits the answer. */
  serverPending(key: string): boolean;
}

export type Classified =
  | { type: 'request'; id: Id; method: string; era: Era; spec: RequestSpec; uses: Use[]; params: Record<string, unknown> | undefined }
  | { type: 'notification'; method: string; params: Record<string, unknown> | undefined }
  | { type: 'response'; id: Id }
  /** Answered with a JSON-RPC error to `id` (null when the message has no usable id). */
  | { type: 'refused'; id: Id | null; code: number; reason: string; message: string; method: string | null }
  /** A notification that is not MCP's: no answer (JSON-RPC never answers one), audited. */
  | { type: 'dropped'; method: string; reason: string };

export const CODE = { INVALID_REQUEST: -32600, METHOD_NOT_FOUND: -32601, INVALID_PARAMS: -32602 } as const;

const MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params', 'result', 'error']);

type Obj = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A request id: a string, or an integer that survives a round trip through JSON. */
export function isRequestId(v: unknown): v is Id {
  return typeof v === 'string' || Number.isSafeInteger(v);
}

function refused(id: Id | null, code: number, reason: string, message: string, method: unknown = null): Classified {
  return { type: 'refused', id, code, reason, message, method: typeof method === 'string' ? method.slice(0, 200) : null };
}

const invalid = (message: string, method?: unknown) => refused(null, CODE.INVALID_REQUEST, 'invalid_request', `Invalid Request: ${message}`, method);

/** Places one parsed client message (see ./wire for the bytes before it). */
export function classifyClient(msg: unknown, exchange: Exchange): Classified {
  if (Array.isArray(msg)) return invalid('JSON-RPC batches are not supported; send one message at a time');
  if (!isPlainObject(msg)) return invalid('not a JSON-RPC object');
  const shape = shapeProblem(msg);
  if (shape) return invalid(shape, msg.method);
  if ('method' in msg) return 'id' in msg ? request(msg, exchange) : notification(msg);
  return response(msg, exchange);
}

/** What makes a message none of request, notification and response, if anything. */
function shapeProblem(msg: Obj): string | null {
  if (msg.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  for (const k in msg) if (!MEMBERS.has(k)) return `unknown member ${JSON.stringify(k).slice(0, 60)}`;
  if ('method' in msg) {
    if (typeof msg.method !== 'string') return 'method must be a string';
    if ('result' in msg || 'error' in msg) return 'a message is a request, a notification or a response, never two at once';
  }
  if ('id' in msg && !isRequestId(msg.id)) return 'id must be a string or an integer';
  return null;
}

function request(msg: Obj, exchange: Exchange): Classified {
  const id = msg.id as Id;
  const method = msg.method as string;
  if ('params' in msg && !isPlainObject(msg.params)) return refused(id, CODE.INVALID_PARAMS, 'invalid_params', 'Invalid params: params must be an object', method);
  const params = msg.params as Obj | undefined;
  const spec = CLIENT_REQUESTS.get(method);
  if (!spec) return refused(id, CODE.METHOD_NOT_FOUND, 'unknown_method', `Method not found: ${JSON.stringify(method).slice(0, 80)} is not an MCP method Gatehouse relays`, method);
  const era = eraOf(params);
  if (!spec.eras.includes(era)) {
    const which = era === 'modern' ? 'the stateless MCP (2026-07-28 and later)' : 'MCP before 2026-07-28 (without a protocol version in _meta)';
    return refused(id, CODE.METHOD_NOT_FOUND, 'wrong_era', `Method not found: ${method} is not a method of ${which}`, method);
  }
  if (exchange.clientPending(idKey(id))) {
    return refused(id, CODE.INVALID_REQUEST, 'duplicate_id', 'Invalid Request: a request with this id is still waiting for its answer; use a new id', method);
  }
  const uses = spec.target ? usesOf(spec.target, params) : [];
  if (typeof uses === 'string') return refused(id, CODE.INVALID_PARAMS, 'invalid_params', `Invalid params: ${method} ${uses}`, method);
  return { type: 'request', id, method, era, spec, uses, params };
}

function notification(msg: Obj): Classified {
  const method = msg.method as string;
  if (!CLIENT_NOTIFICATIONS.has(method)) return { type: 'dropped', method: method.slice(0, 200), reason: 'unknown_notification' };
  if ('params' in msg && !isPlainObject(msg.params)) return { type: 'dropped', method, reason: 'invalid_params' };
  return { type: 'notification', method, params: msg.params as Obj | undefined };
}

function response(msg: Obj, exchange: Exchange): Classified {
  if (!('id' in msg)) return invalid('a response needs the id of the request it answers');
  if ('result' in msg === 'error' in msg) return invalid('a response carries either result or error');
  if ('error' in msg && !isPlainObject(msg.error)) return invalid('error must be an object');
  const id = msg.id as Id;
  if (!exchange.serverPending(idKey(id))) {
    return refused(null, CODE.INVALID_REQUEST, 'unexpected_response', `Invalid Request: this response (id ${JSON.stringify(id).slice(0, 60)}) answers no request the server is waiting on`);
  }
  return { type: 'response', id };
}

/** The capabilities a request uses, or what is wrong with its params. */
function usesOf(target: Target, params: Obj | undefined): Use[] | string {
  if (target.from === 'param') {
    const v = memberOf(params, target.param);
    return typeof v === 'string' ? [{ kind: target.kind, name: v }] : `needs params.${target.param}, a string`;
  }
  if (target.from === 'completion-ref') return completionUses(memberOf(params, 'ref'));
  return subscriptionUses(memberOf(params, 'notifications'));
}

function completionUses(ref: unknown): Use[] | string {
  if (!isPlainObject(ref)) return 'needs params.ref, an object';
  const type = memberOf(ref, 'type');
  const name = memberOf(ref, 'name');
  const uri = memberOf(ref, 'uri');
  if (type === 'ref/prompt' && typeof name === 'string') return [{ kind: 'prompt', name }];
  if (type === 'ref/resource' && typeof uri === 'string') return [{ kind: 'resource', name: uri }];
  return 'needs params.ref of type ref/prompt (with a name) or ref/resource (with a uri)';
}

function subscriptionUses(filter: unknown): Use[] | string {
  if (!isPlainObject(filter)) return 'needs params.notifications, an object';
  const uris = memberOf(filter, 'resourceSubscriptions');
  if (uris === undefined) return [];
  if (!Array.isArray(uris) || !uris.every((u) => typeof u === 'string')) return 'needs params.notifications.resourceSubscriptions, a list of URIs';
  return (uris as string[]).map((name) => ({ kind: 'resource', name }));
}

/**
 * A member the rules judge, read so that no spelling can hide another: `Name`, `NAME` or
 * `name\u0000` beside (or instead of) `name` make the member unreadable (undefined), since
 * a lenient server might take that one.
 */
function memberOf(obj: Obj | undefined, name: string): unknown {
  if (!obj) return undefined;
  const lower = name.toLowerCase();
  for (const k in obj) {
    // Cheap test first (this runs for every judged request): only a key that contains the
    // name in some case can be a second spelling of it.
    if (k === name || k.length < name.length || !k.toLowerCase().includes(lower)) continue;
    if (k.toLowerCase().replace(/[^a-z]/g, '') === lower) return undefined;
  }
  return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined;
}
