// A keep-alive HTTP/1.1 client for one origin, as the gateway and the guard's bridge
// need it to reach a remote MCP server: one write per request (head and body together)
// and the answer parsed straight off the socket. On loopback, node:http's ClientRequest
// and IncomingMessage cost 0.15-0.2 ms more per POST than this (measured with a proxy
// that only forwards, built both ways, against the same MCP server in the same run).
// It speaks only what MCP needs: no upgrades, no pipelining, no proxies, no redirects.
import net from 'node:net';
import tls from 'node:tls';

export interface Origin {
  tls: boolean;
  hostname: string;
  port: number;
  /** The Host header: host[:port] as in the URL. */
  host: string;
}

export interface Head {
  status: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
}

/** Where a response's body goes. */
export interface Sink {
  data(chunk: Buffer): void;
  end(): void;
  error(e: Error): void;
}

export interface Handlers {
  /** The status and headers; the body goes to the sink returned, or is read and dropped (null). */
  head(h: Head, exchange: Exchange): Sink | null;
  /** No answer: the connection failed or closed before the head was complete. */
  error(e: Error): void;
}

export interface Exchange {
  /** Stops reading and closes the connection; no handler is called after this. */
  abort(): void;
}

/** A connection or protocol failure, with a code like node's (ECONNREFUSED, ECONNRESET, HPE_INVALID). */
export class Http1Error extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4096;
/** Idle connections are dropped a second before the server says it drops them (Keep-Alive: timeout=N), or after 4 s. */
const DEFAULT_IDLE_MS = 4000;
const MAX_IDLE_CONNECTIONS = 16;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\0\r\n]/;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;
const CRLF2 = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

export function originOf(url: URL): Origin {
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') throw new Http1Error('ERR_INVALID_PROTOCOL', `not an http(s) URL: ${url.protocol}`);
  return {
    tls: secure,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    host: url.host,
  };
}

/** The request head; refuses a header name or value that could split the request. */
export function requestHead(method: string, path: string, host: string, headers: Record<string, string>, bodyLength: number | null): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') continue;
    if (!TOKEN.test(name)) throw new Http1Error('ERR_INVALID_HTTP_TOKEN', `invalid header name ${JSON.stringify(name)}`);
    if (BAD_VALUE.test(value)) throw new Http1Error('ERR_INVALID_CHAR', `invalid characters in the value of header ${name}`);
    head += `${name}: ${value}\r\n`;
  }
  if (bodyLength !== null) head += `Content-Length: ${bodyLength}\r\n`;
  return Buffer.from(head + '\r\n', 'latin1');
}

interface Conn {
  socket: net.Socket;
  exchange: Parser | null;
  idleUntil: number;
}

export class Http1Client {
  private readonly idle: Conn[] = [];
  private closed = false;

  constructor(
    private readonly origin: Origin,
    private readonly tlsOptions: tls.ConnectionOptions = {},
  ) {}

  /** Sends a request in one write. Throws (before anything is sent) on a header that is not valid HTTP. */
  request(method: string, path: string, headers: Record<string, string>, body: Buffer | null, on: Handlers): Exchange {
    const head = requestHead(method, path, this.origin.host, headers, body ? body.length : method === 'POST' ? 0 : null);
    const conn = this.take() ?? this.connect();
    const parser = new Parser(conn, method === 'HEAD', on, (keep) => this.release(conn, keep));
    conn.exchange = parser;
    conn.socket.ref();
    conn.socket.write(body && body.length ? Buffer.concat([head, body]) : head);
    return parser;
  }

  /** Drops the idle connections; requests under way finish, and their connections close after. */
  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  private take(): Conn | null {
    const now = Date.now();
    for (let c = this.idle.pop(); c; c = this.idle.pop()) {
      if (c.idleUntil > now && !c.socket.destroyed) return c;
      c.socket.destroy();
    }
    return null;
  }

  private connect(): Conn {
    const { origin } = this;
    const socket = origin.tls
      ? tls.connect({
          host: origin.hostname,
          port: origin.port,
          servername: net.isIP(origin.hostname) ? undefined : origin.hostname,
          ALPNProtocols: ['http/1.1'],
          ...this.tlsOptions,
        })
      : net.connect({ host: origin.hostname, port: origin.port });
    socket.setNoDelay(true);
    const conn: Conn = { socket, exchange: null, idleUntil: 0 };
    socket.on('data', (chunk: Buffer) => {
      if (conn.exchange) conn.exchange.feed(chunk);
      else socket.destroy(); // bytes nobody asked for: the connection is out of step
    });
    socket.on('error', (e: NodeJS.ErrnoException) => conn.exchange?.fail(new Http1Error(e.code ?? 'ECONNRESET', e.message)));
    socket.on('close', () => {
      const i = this.idle.indexOf(conn);
      if (i >= 0) this.idle.splice(i, 1);
      conn.exchange?.closed();
    });
    return conn;
  }

  private release(conn: Conn, keepForMs: number | null): void {
    conn.exchange = null;
    if (keepForMs === null || this.closed || conn.socket.destroyed || this.idle.length >= MAX_IDLE_CONNECTIONS) {
      conn.socket.destroy();
      return;
    }
    conn.idleUntil = Date.now() + keepForMs;
    conn.socket.unref();
    this.idle.push(conn);
  }
}

const enum State {
  Head,
  Fixed,
  UntilClose,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  Done,
}

/** One request's answer, parsed as it arrives (RFC 9112). */
class Parser implements Exchange {
  private state = State.Head;
  private pending: Buffer | null = null;
  private remaining = 0;
  private trailerBytes = 0;
  private sink: Sink | null = null;
  /** How long the connection may idle after this answer; null: it closes. */
  private keepForMs: number | null = DEFAULT_IDLE_MS;

  constructor(
    private readonly conn: Conn,
    private readonly isHead: boolean,
    private readonly on: Handlers,
    private readonly release: (keepForMs: number | null) => void,
  ) {}

  abort(): void {
    if (this.conn.exchange !== this) return;
    this.state = State.Done;
    this.conn.exchange = null;
    this.conn.socket.destroy();
  }

  fail(e: Error): void {
    if (this.conn.exchange !== this) return;
    const headSeen = this.state !== State.Head;
    this.abort();
    if (headSeen) this.sink?.error(e);
    else this.on.error(e);
  }

  closed(): void {
    if (this.state === State.UntilClose) {
      this.state = State.Done;
      this.conn.exchange = null;
      this.sink?.end();
      return;
    }
    this.fail(
      new Http1Error('ECONNRESET', this.state === State.Head ? 'the connection closed before an answer' : 'the connection closed in the middle of the answer'),
    );
  }

  // eslint-disable-next-line complexity -- the parser's state machine in one loop; this client gives way to undici's Client (issue 16, item 6)
  feed(chunk: Buffer): void {
    let b = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    while (b.length > 0 && this.state !== State.Done) {
      switch (this.state) {
        case State.Head: {
          const end = b.indexOf(CRLF2);
          if (end < 0 || end > MAX_HEAD_BYTES) {
            if (end > MAX_HEAD_BYTES || b.length > MAX_HEAD_BYTES) return this.fail(protocol('the answer\'s head is over 64 KiB'));
            this.pending = b;
            return;
          }
          const text = b.toString('latin1', 0, end);
          b = b.subarray(end + 4);
          if (!this.onHead(text)) return;
          continue;
        }
        case State.Fixed:
        case State.ChunkData: {
          const n = Math.min(this.remaining, b.length);
          const part = b.subarray(0, n);
          b = b.subarray(n);
          this.remaining -= n;
          if (this.remaining === 0) this.state = this.state === State.Fixed ? State.Done : State.ChunkEnd;
          this.sink?.data(part);
          continue;
        }
        case State.UntilClose:
          this.sink?.data(b);
          b = EMPTY;
          continue;
        case State.ChunkEnd:
          if (b.length < 2) {
            this.pending = b;
            return;
          }
          if (b[0] !== 0x0d || b[1] !== 0x0a) return this.fail(protocol('a chunk does not end with CRLF'));
          b = b.subarray(2);
          this.state = State.ChunkSize;
          continue;
        case State.ChunkSize: {
          const line = this.line(b);
          if (line === null) return;
          b = b.subarray(line.length + 2);
          const size = line.split(';', 1)[0]!.trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(size)) return this.fail(protocol('a chunk size is not hexadecimal'));
          this.remaining = parseInt(size, 16);
          this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
          continue;
        }
        case State.Trailers: {
          const line = this.line(b);
          if (line === null) return;
          b = b.subarray(line.length + 2);
          this.trailerBytes += line.length + 2;
          if (this.trailerBytes > MAX_HEAD_BYTES) return this.fail(protocol('the trailers are over 64 KiB'));
          if (line === '') this.state = State.Done;
          continue;
        }
      }
    }
    // Checked after the loop too: an answer without a body is complete with its head.
    if (this.state === State.Done && this.conn.exchange === this) this.complete(b.length === 0);
  }

  /** The next CRLF-ended line (latin1), or null when it has not all come yet. */
  private line(b: Buffer): string | null {
    const i = b.indexOf('\r\n');
    if (i >= 0) return b.toString('latin1', 0, i);
    if (b.length > MAX_LINE_BYTES) {
      this.fail(protocol('a chunk line is over 4 KiB'));
      return null;
    }
    this.pending = b;
    return null;
  }

  /** Parses the head and picks the body's framing; false when it failed or the handler aborted. */
  // eslint-disable-next-line complexity -- see feed
  private onHead(text: string): boolean {
    const lines = text.split('\r\n');
    const status = STATUS_LINE.exec(lines[0]!);
    if (!status) return this.fail(protocol('the answer is not HTTP/1.x')), false;
    const code = Number(status[2]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!TOKEN.test(name)) return this.fail(protocol('a header line of the answer is not valid')), false;
      const key = name.toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    if (code < 200) {
      // 100 Continue, 103 Early Hints: the real answer follows. 101: nothing asked to switch.
      if (code === 101) return this.fail(protocol('the server switched protocols unasked')), false;
      return true;
    }
    const connection = (headers.connection ?? '').toLowerCase();
    if (status[1] === '0' || connection.includes('close')) this.keepForMs = null;
    else {
      const timeout = /timeout=(\d+)/i.exec(headers['keep-alive'] ?? '');
      if (timeout) this.keepForMs = Math.max(0, Math.min(Number(timeout[1]) * 1000 - 1000, 60_000));
    }
    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (this.isHead || code === 204 || code === 304) this.state = State.Done;
    else if (te !== undefined) {
      this.state = /(?:^|,)\s*chunked\s*$/i.test(te) ? State.ChunkSize : State.UntilClose;
      // Content-Length beside Transfer-Encoding: a smuggling shape; never reuse (RFC 9112 §6.1).
      if (cl !== undefined || this.state === State.UntilClose) this.keepForMs = null;
    } else if (cl !== undefined) {
      const values = new Set(cl.split(',').map((v) => v.trim()));
      const only = values.size === 1 ? [...values][0]! : '';
      if (!/^\d{1,15}$/.test(only)) return this.fail(protocol('the answer\'s Content-Length is not valid')), false;
      this.remaining = Number(only);
      this.state = this.remaining === 0 ? State.Done : State.Fixed;
    } else {
      this.state = State.UntilClose;
      this.keepForMs = null;
    }
    this.sink = this.on.head({ status: code, headers }, this);
    return this.conn.exchange === this; // false: aborted in the handler
  }

  private complete(clean: boolean): void {
    this.conn.exchange = null;
    // Bytes past the end of the answer: the connection is out of step, never reused.
    this.release(clean ? this.keepForMs : null);
    this.sink?.end();
  }
}

function protocol(message: string): Http1Error {
  return new Http1Error('HPE_INVALID', `the server's answer is not valid HTTP: ${message}`);
}
