// A remote MCP server over streamable HTTP, as the gateway and the guard's bridge need it:
// each message POSTed as it comes (node:http keep-alive: undici's fetch cost about 0.45 ms
// more per loopback POST, and the SDK client transport's Response objects and schema
// checks another 0.3 ms), answers read as JSON or as an event stream, and the GET stream
// for what the server sends on its own. The credentials are Gatehouse's own from the
// vault (headers, or an OAuth sign-in to the server's AS), never the client's.
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { Core } from '..';
import { UpstreamAuth, UpstreamSignInNeeded } from '../servers/upstream-oauth';
import { ERR, errorLine, isId, type Id, type Message } from './jsonrpc';
import { lineOf, SseReader } from './sse';
import type { Upstream, UpstreamEvents } from './upstream';

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });
const ERROR_TEXT_BYTES = 2048;
const STREAM_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

type OAuthProvider = NonNullable<ReturnType<UpstreamAuth['sessionProvider']>>;

export function startRemote(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents): Upstream {
  const target = { ...core.servers.remote(server), ...core.servers.upstreamAuthOf(server) };
  const url = new URL(target.url);
  const tls = url.protocol === 'https:';
  const where = urlToHttpOptions(url); // once, not per request
  const fixed: Record<string, string> = {};
  for (const [k, v] of Object.entries(target.headers)) fixed[k.toLowerCase()] = v;
  let provider: OAuthProvider | null = null;
  if (target.authMode === 'oauth') {
    delete fixed.authorization;
    provider = new UpstreamAuth(core).sessionProvider(target);
  }
  let sessionId: string | null = null;
  let protocolVersion: string | null = null;
  let closed = false;
  let stream: http.ClientRequest | null = null;
  let streamTries = 0;
  const say = (what: string) => `Gatehouse: the remote MCP server ${server} ${what}`;

  if (target.authMode === 'oauth' && !provider) {
    queueMicrotask(() => on.gone(`Gatehouse: ${new UpstreamSignInNeeded(server).message}`));
  }

  async function headers(extra: Record<string, string>): Promise<Record<string, string>> {
    const h: Record<string, string> = { ...fixed, ...extra };
    if (sessionId) h['mcp-session-id'] = sessionId;
    if (protocolVersion) h['mcp-protocol-version'] = protocolVersion;
    if (provider) {
      const tokens = await provider.tokens();
      if (tokens?.access_token) h.authorization = `Bearer ${tokens.access_token}`;
    }
    return h;
  }

  /** On a 401 with an OAuth sign-in: refresh through the SDK; true when there is a new token. */
  async function reauthorize(res: http.IncomingMessage): Promise<boolean> {
    if (!provider) return false;
    const { auth, extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const challenge = extractWWWAuthenticateParams(new Response(null, { status: 401, headers: { 'www-authenticate': String(res.headers['www-authenticate'] ?? '') } }));
    try {
      const result = await auth(provider, { serverUrl: url, resourceMetadataUrl: challenge.resourceMetadataUrl, scope: challenge.scope });
      return result === 'AUTHORIZED';
    } catch {
      return false;
    }
  }

  function request(method: 'POST' | 'GET' | 'DELETE', h: Record<string, string>): http.ClientRequest {
    return (tls ? https : http).request({ ...where, method, agent: tls ? httpsAgent : httpAgent, headers: h });
  }

  /** The answer to a request that the server could not give: an error to that request's id. */
  function fail(id: Id | null, message: string): void {
    if (id !== null) on.line(errorLine(id, ERR.UPSTREAM, message));
    else process.stderr.write(`gatehouse: ${message}\n`);
  }

  async function post(bytes: Buffer, msg: Message, retried = false): Promise<void> {
    const id = isId(msg.id) ? msg.id : null;
    const h = await headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': String(bytes.length) });
    if (closed) return;
    const req = request('POST', h);
    req.on('error', (e) => fail(id, say(`could not be reached: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 502;
      const sid = res.headers['mcp-session-id'];
      if (typeof sid === 'string' && sid) sessionId = sid;
      if (status === 401 && provider && !retried) {
        res.resume();
        void reauthorize(res).then((ok) =>
          ok ? post(bytes, msg, true) : on.gone(`Gatehouse: ${new UpstreamSignInNeeded(server).message}`),
        );
        return;
      }
      if (status === 404 && sessionId && msg.method !== 'initialize') {
        res.resume();
        return on.gone(say('ended the session (HTTP 404); the next request starts a new one'));
      }
      if (status === 202 || status === 204) {
        res.resume();
        if (msg.method === 'notifications/initialized') openStream();
        return;
      }
      const type = String(res.headers['content-type'] ?? '');
      if (status >= 200 && status < 300 && type.includes('text/event-stream')) return readEvents(res);
      if (status >= 200 && status < 300 && type.includes('application/json')) return readJson(res, id);
      readText(res, ERROR_TEXT_BYTES, (text) =>
        fail(id, say(status >= 300 && status < 400 ? `redirected (HTTP ${status}) to ${res.headers.location ?? '?'}; register its final URL` : `answered HTTP ${status}${text ? `: ${text}` : ''}`)),
      );
    });
    req.end(bytes);
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

  function readJson(res: http.IncomingMessage, id: Id | null): void {
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    res.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxMessageBytes) {
        over = true;
        on.oversize(Buffer.concat(parts.concat(chunk)).subarray(0, 64 * 1024), size);
        return res.destroy();
      }
      parts.push(chunk);
    });
    res.on('error', (e) => fail(id, say(`broke off its answer: ${e.message}`)));
    res.on('end', () => {
      if (over) return;
      const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      if (protocolVersion === null) noteProtocolVersion(body.toString('utf8'));
      on.line(lineOf(body));
    });
  }

  function readEvents(res: http.IncomingMessage): SseReader {
    const reader = new SseReader(maxMessageBytes, {
      line: (b) => {
        if (protocolVersion === null) noteProtocolVersion(b.toString('utf8'));
        on.line(b);
      },
      oversize: (head, total) => on.oversize(head, total),
    });
    res.on('data', (chunk: Buffer) => reader.push(chunk));
    res.on('end', () => reader.end());
    res.on('error', () => reader.end());
    return reader;
  }

  /** The GET stream: server requests and notifications unrelated to a POST. Optional (405). */
  function openStream(lastEventId: string | null = null): void {
    if (closed || stream) return;
    void headers({ accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }).then((h) => {
      if (closed) return;
      const req = request('GET', h);
      stream = req;
      let reader: SseReader | null = null;
      const retry = () => {
        if (stream !== req) return;
        stream = null;
        if (closed || streamTries >= STREAM_RETRY_MS.length) return;
        setTimeout(() => openStream(reader?.lastEventId ?? lastEventId), STREAM_RETRY_MS[streamTries++]).unref();
      };
      req.on('error', retry);
      req.on('response', (res) => {
        if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').includes('text/event-stream')) {
          res.resume();
          stream = null; // 405: this server has no GET stream; anything else: not retried
          return;
        }
        streamTries = 0;
        reader = readEvents(res);
        res.on('close', retry);
      });
      req.end();
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
      stream?.destroy();
      stream = null;
      if (!sessionId) return;
      // Ends the session upstream; best effort, not waited for.
      void headers({}).then((h) => {
        const req = request('DELETE', h);
        req.on('error', () => undefined);
        req.on('response', (res) => res.resume());
        req.setTimeout(5000, () => req.destroy());
        req.end();
      });
    },
  };
}

function readText(res: http.IncomingMessage, max: number, done: (text: string) => void): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (s: string) => {
    if (text.length < max) text += s;
  });
  res.on('error', () => done(text.slice(0, max).trim()));
  res.on('end', () => done(text.slice(0, max).trim()));
}
