// The fetch the gateway hands the SDK's client transport for a remote upstream.
// Undici's fetch costs about 0.45 ms more per loopback POST than node:http with a
// keep-alive agent (0.57 against 0.13 ms p50 here), and its p99 is several ms: on a
// relay hop that is most of the gateway's added latency. So a POST (every MCP message)
// goes through node:http(s); everything else (the GET event stream, DELETE, the SDK's
// OAuth discovery) and anything unusual stays with the global fetch.
import http from 'node:http';
import https from 'node:https';

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

export const upstreamFetch: typeof fetch = (input, init) => {
  const url = input instanceof URL ? input : typeof input === 'string' ? URL.parse(input) : null;
  const body = init?.body;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || init?.method !== 'POST' || typeof body !== 'string') {
    return postOnlyOwnSignal(input, init);
  }
  const signal = init.signal ?? null;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<Response>((resolve, reject) => {
    const tls = url.protocol === 'https:';
    const headers = headerObject(init.headers);
    headers['content-length'] = String(Buffer.byteLength(body));
    const req = (tls ? https : http).request(url, { method: 'POST', agent: tls ? httpsAgent : httpAgent, headers });
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (e) => {
      done();
      reject(e);
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 502;
      const responseHeaders = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (Array.isArray(v)) for (const x of v) responseHeaders.append(k, x);
        else if (v !== undefined) responseHeaders.set(k, v);
      }
      if (status >= 300 && status < 400) {
        // A redirected POST: let fetch follow it by its own rules.
        res.resume();
        done();
        return resolve(postOnlyOwnSignal(input, init));
      }
      const noBody = status === 202 || status === 204 || status === 304;
      if (res.headers['content-type']?.includes('text/event-stream')) {
        // An answer that streams: handed over as it arrives; the signal stays armed until it ends.
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            res.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
            res.on('end', () => {
              done();
              controller.close();
            });
            res.on('error', (e) => {
              done();
              controller.error(e);
            });
          },
          cancel() {
            done();
            res.destroy();
          },
        });
        return resolve(new Response(stream, { status, headers: responseHeaders }));
      }
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', (e) => {
        done();
        reject(e);
      });
      res.on('end', () => {
        done();
        resolve(new Response(noBody ? null : Buffer.concat(parts), { status, headers: responseHeaders }));
      });
    });
    req.end(body);
  });
};

function headerObject(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers) h.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(h)) for (const [k, v] of h) out[k!.toLowerCase()] = v!;
  else for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

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
