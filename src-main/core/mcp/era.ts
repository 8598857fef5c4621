// The two eras of MCP as a client of a remote server sees them: 2025-03-26 to 2025-11-25
// (an `initialize` handshake, then a session) and 2026-07-28 (stateless: each request
// carries its protocol version, client info and capabilities in `_meta`, and its method
// and name in HTTP headers). Pure helpers: no I/O.
import type { Message } from './jsonrpc';

export const MODERN_VERSIONS: readonly string[] = ['2026-07-28'];
export const LEGACY_VERSIONS: readonly string[] = ['2025-11-25', '2025-06-18', '2025-03-26'];
export const LATEST_LEGACY = '2025-11-25';

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** Error codes the 2026-07-28 revision defines (recognized as modern evidence when probing). */
export const MODERN_ERR = { HEADER_MISMATCH: -32020, MISSING_CAPABILITY: -32021, UNSUPPORTED_VERSION: -32022 } as const;

/** Who the client is, as a 2026-07-28 request states it on every request. */
export interface Envelope {
  protocolVersion: string;
  clientInfo?: unknown;
  clientCapabilities: Record<string, unknown>;
  logLevel?: string;
}

export type Params = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function metaOf(msg: Message): Record<string, unknown> | null {
  const meta = msg.params?._meta;
  return isObject(meta) ? meta : null;
}

/** The request's modern protocol version claim, when it makes one. */
export function modernVersionOf(msg: Message): string | null {
  const v = metaOf(msg)?.[META.protocolVersion];
  return typeof v === 'string' && MODERN_VERSIONS.includes(v) ? v : null;
}

export function envelopeOf(msg: Message): Envelope | null {
  const meta = metaOf(msg);
  const protocolVersion = modernVersionOf(msg);
  if (!meta || !protocolVersion) return null;
  const caps = meta[META.clientCapabilities];
  const level = meta[META.logLevel];
  return {
    protocolVersion,
    clientInfo: meta[META.clientInfo],
    clientCapabilities: isObject(caps) ? caps : {},
    ...(typeof level === 'string' ? { logLevel: level } : {}),
  };
}

/** The envelope a legacy client's `initialize` implies, for speaking to a modern server on its behalf. */
export function envelopeFromInitialize(params: Params | undefined, version = MODERN_VERSIONS[0]!): Envelope {
  const caps = params?.capabilities;
  return {
    protocolVersion: version,
    clientInfo: params?.clientInfo,
    clientCapabilities: isObject(caps) ? caps : {},
  };
}

/** The message with the envelope in its `_meta` (a new object; the original is left alone). */
export function withEnvelope(msg: Message, env: Envelope): Message {
  const meta: Record<string, unknown> = { ...(metaOf(msg) ?? {}), [META.protocolVersion]: env.protocolVersion, [META.clientCapabilities]: env.clientCapabilities };
  if (env.clientInfo !== undefined) meta[META.clientInfo] = env.clientInfo;
  if (env.logLevel !== undefined) meta[META.logLevel] = env.logLevel;
  return { ...msg, params: { ...(msg.params ?? {}), _meta: meta } };
}

/** The message without the modern envelope keys (for a server of the 2025 era). */
export function withoutEnvelope(msg: Message): Message {
  const meta = metaOf(msg);
  if (!meta) return msg;
  const rest = { ...meta };
  for (const k of [META.protocolVersion, META.clientInfo, META.clientCapabilities, META.logLevel]) delete rest[k];
  const params: Params = { ...msg.params };
  if (Object.keys(rest).length) params._meta = rest;
  else delete params._meta;
  return { ...msg, params };
}

const NAME_FIELD: Record<string, 'name' | 'uri'> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** MCP-Protocol-Version, Mcp-Method and Mcp-Name for a 2026-07-28 POST, derived from its body. */
export function modernHeaders(msg: Message, version: string): Record<string, string> {
  const h: Record<string, string> = { 'mcp-protocol-version': version };
  if (typeof msg.method !== 'string') return h;
  h['mcp-method'] = msg.method;
  const field = Object.hasOwn(NAME_FIELD, msg.method) ? NAME_FIELD[msg.method] : undefined;
  const value = field ? msg.params?.[field] : undefined;
  if (typeof value === 'string') h['mcp-name'] = headerValue(value);
  return h;
}

const SENTINEL = /^=\?base64\?.*\?=$/s;

/** A value as an HTTP field value: as is when it is plain visible ASCII, else the `=?base64?…?=` sentinel form. */
export function headerValue(value: string): string {
  const plain = value.length > 0 && value === value.trim() && /^[\t\x20-\x7e]*$/.test(value) && !SENTINEL.test(value);
  return plain ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * `server/discover` answered for a 2025 server from its `initialize` result: how a
 * 2026-07-28 client learns what a server of the session era offers (remote or stdio).
 */
export function discoverFromInitialize(init: Record<string, unknown>): Record<string, unknown> {
  return {
    resultType: 'complete',
    supportedVersions: [...MODERN_VERSIONS],
    capabilities: init.capabilities ?? {},
    ...(typeof init.instructions === 'string' ? { instructions: init.instructions } : {}),
    ...(init.serverInfo ? { _meta: { [META.serverInfo]: init.serverInfo } } : {}),
  };
}

/**
 * `initialize` answered for a 2025 client from a 2026-07-28 server's `server/discover`
 * result (remote or stdio): the version it asked for when Gatehouse speaks it, the server's
 * capabilities as a 2025 client reads them (no extensions), its name and instructions.
 */
export function initializeFromDiscover(asked: unknown, discover: Record<string, unknown>, server: string): Record<string, unknown> {
  const meta = isObject(discover._meta) ? discover._meta : {};
  const { extensions: _e, ...capabilities } = isObject(discover.capabilities) ? discover.capabilities : {};
  const result: Record<string, unknown> = {
    protocolVersion: typeof asked === 'string' && LEGACY_VERSIONS.includes(asked) ? asked : LATEST_LEGACY,
    capabilities,
    serverInfo: meta[META.serverInfo] ?? { name: server, version: 'unknown' },
  };
  if (typeof discover.instructions === 'string') result.instructions = discover.instructions;
  return result;
}
