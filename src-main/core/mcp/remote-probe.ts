// Which era a remote server speaks, found as the 2026-07-28 revision says a client of both
// eras finds it: a `server/discover` request with the per-request envelope. A discover result
// offering 2026-07-28, or a modern error naming it, means modern; any other 4xx, or a result
// that is no discover result, means a 2025 server (a 2025-11-25 SDK server answers "Bad
// Request: Server not initialized"). A server that cannot be reached, answers 5xx or
// redirects is an error, not an era. The verdict is kept per URL for ten minutes.
import { MODERN_ERR, MODERN_VERSIONS, LEGACY_VERSIONS, modernHeaders, withEnvelope, type Envelope } from './era';
import type { Message } from './jsonrpc';
import { parseLine, type SessionContext } from './remote-session';

export type EraVerdict = { era: 'modern'; version: string; discover: Record<string, unknown> } | { era: 'legacy' };

const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { verdict: EraVerdict; at: number }>();

export function cachedEra(url: string): EraVerdict | null {
  const hit = cache.get(url);
  if (!hit || Date.now() - hit.at > CACHE_MS) return null;
  return hit.verdict;
}

export function rememberEra(url: string, verdict: EraVerdict): void {
  if (cache.size > 1000) cache.clear();
  cache.set(url, { verdict, at: Date.now() });
}

export function forgetEra(url: string): void {
  cache.delete(url);
}

let probes = 0;

export function probeEra(ctx: SessionContext, env: Envelope): Promise<EraVerdict> {
  const msg: Message = withEnvelope({ jsonrpc: '2.0', id: `gatehouse-discover-${++probes}`, method: 'server/discover', params: {} }, env);
  let status = 0;
  return new Promise((resolve, reject) => {
    const settle = (v: EraVerdict | Error) => (v instanceof Error ? reject(v) : resolve(v));
    ctx.post(
      { id: msg.id!, method: 'server/discover', body: Buffer.from(JSON.stringify(msg)), headers: modernHeaders(msg, env.protocolVersion), resume: null },
      {
        head: (res) => void (status = res.status),
        other: () => undefined,
        answer: (line) => settle(classify(ctx, parseLine(line))),
        // A 2025 server refuses a request outside a session with a 4xx of its own words.
        fail: (message) => settle(status >= 400 && status < 500 && status !== 401 && status !== 403 ? { era: 'legacy' } : new Error(message)),
        gone: (message) => settle(new Error(message)),
      },
    );
  });
}

function classify(ctx: SessionContext, m: Message | null): EraVerdict | Error {
  const result = m?.result as { supportedVersions?: unknown } | undefined;
  if (result && Array.isArray(result.supportedVersions)) {
    const version = MODERN_VERSIONS.find((v) => (result.supportedVersions as unknown[]).includes(v));
    if (version) return { era: 'modern', version, discover: result as Record<string, unknown> };
    return onlyOthers(ctx, result.supportedVersions);
  }
  const error = m?.error as { code?: unknown; data?: { supported?: unknown } } | undefined;
  if (error?.code === MODERN_ERR.UNSUPPORTED_VERSION && Array.isArray(error.data?.supported)) return onlyOthers(ctx, error.data.supported);
  return { era: 'legacy' };
}

/** The server named the versions it speaks, and 2026-07-28 is not among them. */
function onlyOthers(ctx: SessionContext, supported: unknown[]): EraVerdict | Error {
  if (supported.some((v) => typeof v === 'string' && LEGACY_VERSIONS.includes(v))) return { era: 'legacy' };
  const named = supported.filter((v) => typeof v === 'string').join(', ') || 'none';
  return new Error(ctx.http.say(`speaks only MCP ${named}; Gatehouse speaks ${[...MODERN_VERSIONS, ...LEGACY_VERSIONS].join(', ')}`));
}
