// Every MCP method a client may send, per protocol era, and what governs it at Gatehouse's
// two enforcement points (the guard and the gateway). The README's method table is this
// file in words; change both together. Sources: schema/2025-11-25/schema.ts and
// schema/2026-07-28/schema.ts of the MCP specification, and the tasks extension
// (io.modelcontextprotocol/tasks) for 2026-07-28.
import type { Capability } from '../policy/policy';

/**
 * legacy: 2024-11-05 … 2025-11-25 (an `initialize` handshake, sessions);
 * modern: 2026-07-28 and later (stateless: each request carries its version in `_meta`).
 */
export type Era = 'legacy' | 'modern';
export const MODERN_FROM = '2026-07-28';
export const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';

/** Where a request names what it uses. */
export type Target =
  /** `params[param]` names one tool, resource (by URI) or prompt. */
  | { from: 'param'; kind: Capability; param: 'name' | 'uri' }
  /** completion/complete: `params.ref` is a prompt (`ref/prompt`, name) or a resource template (`ref/resource`, uri). */
  | { from: 'completion-ref' }
  /** subscriptions/listen: every URI in `params.notifications.resourceSubscriptions`. */
  | { from: 'subscriptions' };

/** A list whose answer is filtered to what the caller may use. */
export interface ListFilter {
  kind: Capability;
  /** The array in the result. */
  field: 'tools' | 'resources' | 'resourceTemplates' | 'prompts';
  /** The member of each item that the rules match. */
  key: 'name' | 'uri' | 'uriTemplate';
}

export interface RequestSpec {
  eras: readonly Era[];
  /** What the rules judge; absent: access to the server is enough (no capability is used). */
  target?: Target;
  list?: ListFilter;
  /** Spends a call from the rate limit. */
  metered?: boolean;
  /** Left out of the audit log when allowed (keep-alives would drown it). */
  quiet?: boolean;
}

const both: readonly Era[] = ['legacy', 'modern'];
const legacy: readonly Era[] = ['legacy'];
const modern: readonly Era[] = ['modern'];

export const CLIENT_REQUESTS: ReadonlyMap<string, RequestSpec> = new Map<string, RequestSpec>([
  ['initialize', { eras: legacy }],
  ['ping', { eras: legacy, quiet: true }],
  ['server/discover', { eras: modern }],
  ['tools/list', { eras: both, list: { kind: 'tool', field: 'tools', key: 'name' } }],
  ['tools/call', { eras: both, target: { from: 'param', kind: 'tool', param: 'name' }, metered: true }],
  ['resources/list', { eras: both, list: { kind: 'resource', field: 'resources', key: 'uri' } }],
  ['resources/templates/list', { eras: both, list: { kind: 'resource', field: 'resourceTemplates', key: 'uriTemplate' } }],
  ['resources/read', { eras: both, target: { from: 'param', kind: 'resource', param: 'uri' }, metered: true }],
  ['resources/subscribe', { eras: legacy, target: { from: 'param', kind: 'resource', param: 'uri' } }],
  ['resources/unsubscribe', { eras: legacy, target: { from: 'param', kind: 'resource', param: 'uri' } }],
  ['subscriptions/listen', { eras: modern, target: { from: 'subscriptions' } }],
  ['prompts/list', { eras: both, list: { kind: 'prompt', field: 'prompts', key: 'name' } }],
  ['prompts/get', { eras: both, target: { from: 'param', kind: 'prompt', param: 'name' }, metered: true }],
  ['completion/complete', { eras: both, target: { from: 'completion-ref' } }],
  ['logging/setLevel', { eras: legacy }],
  // Tasks hold the results of calls that were judged when they were made (tools/call
  // with a `task`); the server scopes them to the session or process that made them.
  ['tasks/get', { eras: both }],
  ['tasks/result', { eras: legacy }],
  ['tasks/list', { eras: legacy }],
  ['tasks/cancel', { eras: both }],
  ['tasks/update', { eras: modern }],
]);

/** Notifications a client may send (either era: a notification carries no version). */
export const CLIENT_NOTIFICATIONS: ReadonlySet<string> = new Set([
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'notifications/tasks/status',
]);

/**
 * The era of a request: modern when its `_meta` names a protocol version from 2026-07-28
 * on, legacy otherwise (a legacy request carries no version; its session negotiated one).
 */
export function eraOf(params: Record<string, unknown> | undefined): Era {
  const meta = params?._meta as Record<string, unknown> | undefined;
  const v = meta && typeof meta === 'object' ? meta[PROTOCOL_VERSION_META] : undefined;
  return typeof v === 'string' && v >= MODERN_FROM ? 'modern' : 'legacy';
}
