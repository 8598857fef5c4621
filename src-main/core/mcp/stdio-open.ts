// Opening a stdio server whose era is not known yet, as the 2026-07-28 revision says a client
// of both eras does: `server/discover` first (with the per-request envelope); a result that
// offers 2026-07-28 means a stateless server that needs no handshake; anything else (an
// error such as -32601, a result of another shape, or silence past the probe's time) means
// a server of the 2025 era, which then gets the `initialize` handshake. The stateless pool
// (server-pool.ts, whose clients are of 2026-07-28) opens its children this way; in front
// of one 2025 client (stdio-eras.ts) a server is probed only once it has refused the
// client's initialize naming 2026-07-28.
import { LATEST_LEGACY, MODERN_ERR, MODERN_VERSIONS, withEnvelope, type Envelope } from './era';
import type { Message } from './jsonrpc';
import { GATEHOUSE_CLIENT } from './lines';

/**
 * How long a server has to answer the probe before it is taken for a 2025 server that
 * ignores it. A server of 2026-07-28 that was only slow to start then refuses the
 * handshake with -32022 naming 2026-07-28, and is probed again (with the request timeout).
 */
export const PROBE_MS = 10_000;

export type ChildEra = { era: 'modern'; version: string; discover: Record<string, unknown> } | { era: 'legacy'; init: Record<string, unknown> };

/** Sends one request to the child; resolves with its answer, or null when none came within `ms`. */
export type Ask = (msg: Message & { id: string; method: string }, ms: number) => Promise<Message | null>;

export interface ProbeOptions {
  ask: Ask;
  probeMs?: number;
  /** Who is asking (a 2025 client's initialize gives it); Gatehouse itself by default. */
  envelope?: Envelope;
}

export interface OpenOptions extends ProbeOptions {
  server: string;
  /** The capabilities Gatehouse declares in the handshake (what it can ask its clients for). */
  capabilities?: Record<string, unknown>;
  notify(msg: Message): void;
  requestTimeoutMs: number;
}

let serial = 0;

/** The version a discover result offers that Gatehouse speaks, or null. */
export function modernVersionIn(result: unknown): string | null {
  const versions = (result as { supportedVersions?: unknown } | undefined)?.supportedVersions;
  if (!Array.isArray(versions)) return null;
  return MODERN_VERSIONS.find((v) => versions.includes(v)) ?? null;
}

/** The probe alone: the era's verdict when the server is of 2026-07-28, else null. */
export async function probeStdio(o: ProbeOptions): Promise<Extract<ChildEra, { era: 'modern' }> | null> {
  const env = o.envelope ?? { protocolVersion: MODERN_VERSIONS[0]!, clientInfo: GATEHOUSE_CLIENT, clientCapabilities: {} };
  const probe = withEnvelope({ jsonrpc: '2.0', id: `gh-discover-${++serial}`, method: 'server/discover', params: {} }, env) as Message & { id: string; method: string };
  const answer = await o.ask(probe, o.probeMs ?? PROBE_MS);
  const version = modernVersionIn(answer?.result);
  return version ? { era: 'modern', version, discover: answer!.result as Record<string, unknown> } : null;
}

/** Probes, then does the 2025 handshake as Gatehouse when the server is not of 2026-07-28. */
export async function openStdio(o: OpenOptions): Promise<ChildEra> {
  const modern = await probeStdio(o);
  if (modern) return modern;
  const init = { jsonrpc: '2.0', id: `gh-init-${++serial}`, method: 'initialize', params: { protocolVersion: LATEST_LEGACY, capabilities: o.capabilities ?? {}, clientInfo: GATEHOUSE_CLIENT } };
  const answer = await o.ask(init, o.requestTimeoutMs);
  if (offersModern(answer?.error)) {
    const again = await probeStdio({ ...o, probeMs: o.requestTimeoutMs });
    if (again) return again;
  }
  if (!answer) throw new Error(`Gatehouse: ${o.server} did not answer initialize`);
  if (!answer.result) throw new Error(`Gatehouse: ${o.server} refused initialize: ${JSON.stringify(answer.error ?? answer).slice(0, 200)}`);
  o.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { era: 'legacy', init: answer.result as Record<string, unknown> };
}

/** A -32022 (unsupported version) error whose supported versions include one of 2026-07-28. */
export function offersModern(error: unknown): boolean {
  const e = error as { code?: unknown; data?: { supported?: unknown } } | undefined;
  return e?.code === MODERN_ERR.UNSUPPORTED_VERSION && modernVersionIn({ supportedVersions: e.data?.supported }) !== null;
}
