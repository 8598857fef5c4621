// The bench's own SDK clients use this fetch (the gateway no longer uses the SDK client).
/**
 * The global fetch, with one fix. The SDK transport hands every fetch the same
 * session-long AbortSignal. undici adds an abort listener to it per request and drops it
 * only when the request is garbage collected, so a busy session piles up thousands of
 * listeners (MaxListenersExceeded), and each request gets slower than the last. A POST
 * gets its own signal, tied to the session's until its answer has been read; the GET
 * stream keeps the session's signal, so closing the session still ends it.
 */
export const postOnlyOwnSignal: typeof fetch = async (input, init) => {
  const outer = init?.signal;
  if (!outer || init?.method !== 'POST') return fetch(input, init);
  const inner = new AbortController();
  const abort = () => inner.abort(outer.reason);
  if (outer.aborted) abort();
  else outer.addEventListener('abort', abort, { once: true });
  try {
    const res = await fetch(input, { ...init, signal: inner.signal });
    if (!res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
      // A JSON answer is read at once: nothing left to abort.
      outer.removeEventListener('abort', abort);
      return res;
    }
    // An SSE answer may stream for a while: released when the SDK has read (or cancelled) it.
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({ flush: () => outer.removeEventListener('abort', abort) }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } catch (e) {
    outer.removeEventListener('abort', abort);
    throw e;
  }
};
