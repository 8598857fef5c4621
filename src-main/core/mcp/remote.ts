// A remote MCP server over streamable HTTP, as the gateway and the guard's bridge need it:
// each message POSTed as it comes (http1.ts, keep-alive: node:http cost 0.15-0.2 ms more
// per loopback POST, undici's fetch 0.45 ms more, and the SDK client transport's Response
// objects and schema checks another 0.3 ms), answers read as JSON or as an event stream, and the GET stream
// for what the server sends on its own. The credentials are Gatehouse's own from the
// vault (headers, or an OAuth sign-in to the server's AS), never the client's.
import type { Core } from '..';
import { VERSION } from '../version';
import { UpstreamAuth, UpstreamSignInNeeded } from '../servers/upstream-oauth';
import { ERR, errorLine, isId, type Id, type Message } from './jsonrpc';
import { Http1Client, originOf, type Exchange, type Handlers, type Head, type Sink } from './http1';
import { lineOf, SseReader } from './sse';
import type { Upstream, UpstreamEvents } from './upstream';

const ERROR_TEXT_BYTES = 2048;
const STREAM_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

type OAuthProvider = NonNullable<ReturnType<UpstreamAuth['sessionProvider']>>;

export function startRemote(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents): Upstream {
  const target = { ...core.servers.remote(server), ...core.servers.upstreamAuthOf(server) };
  const url = new URL(target.url);
  const client = new Http1Client(originOf(url));
  const path = `${url.pathname}${url.search}`;
  const fixed: Record<string, string> = { 'user-agent': `Gatehouse/${VERSION}` };
  for (const [k, v] of Object.entries(target.headers)) fixed[k.toLowerCase()] = v;
  let provider: OAuthProvider | null = null;
  if (target.authMode === 'oauth') {
    delete fixed.authorization;
    provider = new UpstreamAuth(core).sessionProvider(target);
  }
  let sessionId: string | null = null;
  let protocolVersion: string | null = null;
  let closed = false;
  let stream: Exchange | null = null;
  let streamTries = 0;
  const say = (what: string) => `Gatehouse: the remote MCP server ${server} ${what}`;

  if (target.authMode === 'oauth' && !provider) {
    queueMicrotask(() => on.gone(`Gatehouse: ${new UpstreamSignInNeeded(server).message}`));
  }

  /** The request's headers; a promise only with an OAuth sign-in (its token may need a refresh). */
  function headers(extra: Record<string, string>): Record<string, string> | Promise<Record<string, string>> {
    const h: Record<string, string> = { ...fixed, ...extra };
    if (sessionId) h['mcp-session-id'] = sessionId;
    if (protocolVersion) h['mcp-protocol-version'] = protocolVersion;
    if (!provider) return h;
    return Promise.resolve(provider.tokens()).then((tokens) => {
      if (tokens?.access_token) h.authorization = `Bearer ${tokens.access_token}`;
      return h;
    });
  }

  /** On a 401 with an OAuth sign-in: refresh through the SDK; true when there is a new token. */
  async function reauthorize(res: Head): Promise<boolean> {
    if (!provider) return false;
    const { auth, extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const challenge = extractWWWAuthenticateParams(new Response(null, { status: 401, headers: { 'www-authenticate': res.headers['www-authenticate'] ?? '' } }));
    try {
      const result = await auth(provider, { serverUrl: url, resourceMetadataUrl: challenge.resourceMetadataUrl, scope: challenge.scope });
      return result === 'AUTHORIZED';
    } catch {
      return false;
    }
  }

  function request(method: 'POST' | 'GET' | 'DELETE', h: Record<string, string>, body: Buffer | null, on: Handlers): Exchange | null {
    try {
      return client.request(method, path, h, body, on);
    } catch (e) {
      on.error(e as Error); // a header value that is not valid HTTP (from the vault or the server)
      return null;
    }
  }

  /** The answer to a request that the server could not give: an error to that request's id. */
  function fail(id: Id | null, message: string): void {
    if (id !== null) on.line(errorLine(id, ERR.UPSTREAM, message));
    else process.stderr.write(`gatehouse: ${message}\n`);
  }

  async function post(bytes: Buffer, msg: Message, retried = false): Promise<void> {
    const id = isId(msg.id) ? msg.id : null;
    const pending = headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
    const h = pending instanceof Promise ? await pending : pending;
    if (closed) return;
    request('POST', h, bytes, {
      error: (e) => fail(id, say(`could not be reached: ${(e as NodeJS.ErrnoException).code ?? e.message}`)),
      head: (res, exchange) => {
        const status = res.status;
        const sid = res.headers['mcp-session-id'];
        if (sid) sessionId = sid;
        if (status === 401 && provider && !retried) {
          void reauthorize(res).then((ok) =>
            ok ? post(bytes, msg, true) : on.gone(`Gatehouse: ${new UpstreamSignInNeeded(server).message}`),
          );
          return null;
        }
        if (status === 404 && sessionId && msg.method !== 'initialize') {
          on.gone(say('ended the session (HTTP 404); the next request starts a new one'));
          return null;
        }
        if (status === 202 || status === 204) {
          if (msg.method === 'notifications/initialized') openStream();
          return null;
        }
        const type = res.headers['content-type'] ?? '';
        if (status >= 200 && status < 300 && type.includes('text/event-stream')) return eventSink(newReader());
        if (status >= 200 && status < 300 && type.includes('application/json')) return jsonSink(id, exchange);
        return textSink(ERROR_TEXT_BYTES, (text) =>
          fail(id, say(status >= 300 && status < 400 ? `redirected (HTTP ${status}) to ${res.headers.location ?? '?'}; register its final URL` : `answered HTTP ${status}${text ? `: ${text}` : ''}`)),
        );
      },
    });
  }

  /** The version the server chose in its initialize answer, sent on every later request. */
  function noteProtocolVersion(text: string): void {
    if (protocolVersion !== null || !text.includes('"protocolVersion"')) return;
    try {
      const v = (JSON.parse(text) as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
      if (typeof v === 'string') protocolVersion = v;
    } catch {
      // Not JSON: the relay reports it.
    }
  }

  function jsonSink(id: Id | null, exchange: Exchange): Sink {
    const parts: Buffer[] = [];
    let size = 0;
    return {
      data(chunk) {
        size += chunk.length;
        if (size > maxMessageBytes) {
          on.oversize(Buffer.concat(parts.concat(chunk)).subarray(0, 64 * 1024), size);
          return exchange.abort();
        }
        parts.push(chunk);
      },
      error: (e) => fail(id, say(`broke off its answer: ${e.message}`)),
      end() {
        const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
        if (protocolVersion === null) noteProtocolVersion(body.toString('utf8'));
        on.line(lineOf(body));
      },
    };
  }

  function newReader(): SseReader {
    return new SseReader(maxMessageBytes, {
      line: (b) => {
        if (protocolVersion === null) noteProtocolVersion(b.toString('utf8'));
        on.line(b);
      },
      oversize: (head, total) => on.oversize(head, total),
    });
  }

  /** The GET stream: server requests and notifications unrelated to a POST. Optional (405). */
  function openStream(lastEventId: string | null = null): void {
    if (closed || stream) return;
    void Promise.resolve(headers({ accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) })).then((h) => {
      if (closed || stream) return;
      let reader: SseReader | null = null;
      let self: Exchange | null = null;
      const retry = () => {
        if (stream !== self || !self) return;
        stream = null;
        if (closed || streamTries >= STREAM_RETRY_MS.length) return;
        setTimeout(() => openStream(reader?.lastEventId ?? lastEventId), STREAM_RETRY_MS[streamTries++]).unref();
      };
      self = request('GET', h, null, {
        error: retry,
        head: (res) => {
          if (res.status !== 200 || !(res.headers['content-type'] ?? '').includes('text/event-stream')) {
            stream = null; // 405: this server has no GET stream; anything else: not retried
            return null;
          }
          streamTries = 0;
          reader = newReader();
          return eventSink(reader, retry);
        },
      });
      stream = self;
    });
  }

  return {
    send(bytes, parsed) {
      let msg: Message;
      try {
        msg = parsed ?? (JSON.parse(bytes.toString('utf8')) as Message);
      } catch {
        return; // the relay sends only what it parsed
      }
      post(bytes, msg).catch((e: Error) => {
        if (e instanceof UpstreamSignInNeeded) on.gone(`Gatehouse: ${e.message}`);
        else fail(isId(msg.id) ? msg.id : null, say(`failed: ${e.message}`));
      });
    },
    close() {
      if (closed) return;
      closed = true;
      stream?.abort();
      stream = null;
      if (!sessionId) return client.close();
      // Ends the session upstream; best effort, not waited for longer than 5 s.
      void Promise.resolve(headers({})).then((h) => {
        const done = () => {
          clearTimeout(timer);
          client.close();
        };
        const timer = setTimeout(() => {
          exchange?.abort();
          done();
        }, 5000).unref();
        const exchange = request('DELETE', h, null, { error: done, head: () => ({ data: () => undefined, end: done, error: done }) });
      }, () => client.close());
    },
  };
}

/** Events as they come; `after` runs once the stream has ended or broken off. */
function eventSink(reader: SseReader, after?: () => void): Sink {
  return {
    data: (chunk) => reader.push(chunk),
    end() {
      reader.end();
      after?.();
    },
    error() {
      reader.end();
      after?.();
    },
  };
}

/** Up to `max` characters of an error answer's body, for the message. */
function textSink(max: number, done: (text: string) => void): Sink {
  const parts: Buffer[] = [];
  let size = 0;
  const finish = () => done(Buffer.concat(parts).toString('utf8').slice(0, max).trim());
  return {
    data(chunk) {
      if (size >= max) return;
      parts.push(chunk);
      size += chunk.length;
    },
    end: finish,
    error: finish,
  };
}
