// The one admin API client. Under Electron the preload exposes `window.gatehouse`
// (one function per contract method); under `gatehouse serve` the same methods are
// POST /admin/api/<method>. Both answer with `{ data } | { error }`.
import type { Bridge, Envelope, Input, Method, Result } from '../../src-preload/contract';
import { httpPathOf } from '../../src-preload/methods';
import { setConnectionState } from './connection-state';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** Code of the error thrown when Gatehouse cannot be reached at all. */
export const UNREACHABLE = 'UNREACHABLE';

function bridge(): Bridge | undefined {
  const candidate = (window as unknown as { gatehouse?: unknown }).gatehouse;
  return candidate && typeof candidate === 'object' ? (candidate as Bridge) : undefined;
}

function unwrap<T>(envelope: Envelope<T>, status?: number): T {
  if ('error' in envelope) {
    const { code, message } = envelope.error;
    if (code === 'UNAUTHENTICATED' || status === 401) setConnectionState('session-ended');
    throw new ApiError(code, message, status);
  }
  setConnectionState('ok');
  return envelope.data;
}

async function viaHttp<M extends Method>(method: M, input: Input<M>): Promise<Envelope<Result<M>>> {
  let response: Response;
  try {
    // httpPathOf gives an absolute path (/admin/api/…): the page itself lives at /admin/.
    response = await fetch(httpPathOf(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    });
  } catch {
    setConnectionState('unreachable');
    throw new ApiError(UNREACHABLE, 'Gatehouse is not reachable. Check that it is still running.');
  }
  if (response.status === 401) {
    setConnectionState('session-ended');
    throw new ApiError('UNAUTHENTICATED', 'Your session has ended.', 401);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError('BAD_RESPONSE', `Gatehouse answered HTTP ${response.status} without a readable body.`, response.status);
  }
  if (!body || typeof body !== 'object' || !('data' in body || 'error' in body)) {
    throw new ApiError('BAD_RESPONSE', `Gatehouse answered HTTP ${response.status} with an unexpected body.`, response.status);
  }
  return body as Envelope<Result<M>>;
}

export async function call<M extends Method>(method: M, input: Input<M>): Promise<Result<M>> {
  const b = bridge();
  if (b) {
    const fn = b[method] as unknown as (i: Input<M>) => Promise<Envelope<Result<M>>>;
    let envelope: Envelope<Result<M>>;
    try {
      envelope = await fn(input);
    } catch {
      setConnectionState('unreachable');
      throw new ApiError(UNREACHABLE, 'Gatehouse is not reachable. Restart the app if this persists.');
    }
    return unwrap(envelope);
  }
  const envelope = await viaHttp(method, input);
  return unwrap(envelope);
}

/** A message for a person, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}
