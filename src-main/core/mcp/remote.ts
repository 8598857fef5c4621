// A remote MCP server over streamable HTTP, as the gateway and the guard's bridge need it:
// each client message POSTed as it comes, answers read as JSON or as event streams. Which
// era the server speaks is found once (remote-probe.ts) and the messages go through that
// era's session: remote-legacy.ts (2025-03-26 to 2025-11-25, sessions, resumable streams)
// or remote-modern.ts (2026-07-28, stateless). Every request has a deadline: a server that
// never answers gets its caller a clear error within the request timeout.
import type { Core } from '..';
import { stderrLogger, type Logger } from '../log';
import { envelopeFromInitialize, envelopeOf, MODERN_VERSIONS, type Envelope } from './era';
import { ERR, errorLine, idKey, isId, type Id, type Message } from './jsonrpc';
import { Call, type CallEvents } from './remote-call';
import { RemoteHttp } from './remote-http';
import { LegacySession } from './remote-legacy';
import { ModernSession } from './remote-modern';
import { cachedEra, probeEra, rememberEra, type EraVerdict } from './remote-probe';
import { GATEHOUSE_CLIENT, type EraSession, type PostSpec, type SessionContext, type StreamOptions } from './remote-session';
import type { Upstream, UpstreamEvents } from './upstream';

export interface RemoteOptions {
  /** How long a request may wait for its answer (the guard's --request-timeout; 120 s). */
  requestTimeoutMs?: number;
  /** The GET stream's reopening delays and what it decided (tests wait on these). */
  stream?: StreamOptions;
}

export function startRemote(core: Core, server: string, maxMessageBytes: number, on: UpstreamEvents, opts: RemoteOptions = {}): Upstream {
  return new RemoteUpstream(new RemoteHttp(core, server), maxMessageBytes, on, opts.requestTimeoutMs ?? 120_000, core.log, opts.stream);
}

export class RemoteUpstream implements Upstream, SessionContext {
  private session: EraSession | null = null;
  private queue: { msg: Message; bytes: Buffer }[] = [];
  private probing = false;
  private closed = false;
  private readonly calls = new Set<Call>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    readonly http: RemoteHttp,
    readonly maxMessageBytes: number,
    readonly on: UpstreamEvents,
    private readonly timeoutMs: number,
    readonly log: Logger = stderrLogger(),
    readonly stream: StreamOptions = {},
  ) {
    if (http.signInMissing) queueMicrotask(() => on.gone(http.signInMessage));
  }

  send(bytes: Buffer, parsed?: Message): void {
    if (this.closed) return;
    let msg: Message;
    try {
      msg = parsed ?? (JSON.parse(bytes.toString('utf8')) as Message);
    } catch {
      return; // the relay sends only what it parsed
    }
    if (this.session) return this.session.send(msg, bytes);
    this.queue.push({ msg, bytes });
    if (!this.probing) void this.findEra(msg);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of [...this.calls]) call.abort();
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.session) this.session.close();
    else this.http.close();
  }

  post(spec: PostSpec, events: Partial<CallEvents> = {}): Call {
    const defaults: CallEvents = {
      answer: (line) => this.on.line(line),
      other: (line) => this.on.line(line, spec.id ?? undefined),
      fail: (message) => this.failTo(spec.id, message),
      oversize: (head, total) => this.on.oversize(head, total),
      gone: (message) => this.on.gone(message),
      head: () => undefined,
      accepted: () => undefined,
      done: () => undefined,
    };
    const call: Call = new Call(this.http, { ...spec, deadline: spec.deadline ?? performance.now() + this.timeoutMs }, this.maxMessageBytes, {
      ...defaults,
      ...events,
      done: () => {
        this.calls.delete(call);
        events.done?.();
      },
    });
    this.calls.add(call);
    this.sweep();
    call.start();
    return call;
  }

  failTo(id: Id | null, message: string): void {
    if (id !== null) this.on.line(errorLine(id, ERR.UPSTREAM, message));
    else this.log.warn(message, { event: 'upstream_failed' });
  }

  callOf(id: Id): Call | undefined {
    const key = idKey(id);
    for (const call of this.calls) if (call.key === key) return call;
    return undefined;
  }

  /** Probes the server's era (unless known), then sends what waited for it through that era's session. */
  private async findEra(first: Message): Promise<void> {
    this.probing = true;
    const url = this.http.url.href;
    try {
      const verdict = cachedEra(url) ?? (await probeEra(this, envelopeFor(first)));
      rememberEra(url, verdict);
      if (this.closed) return;
      this.session = this.sessionFor(verdict);
      for (const { msg, bytes } of this.queue.splice(0)) this.session.send(msg, bytes);
    } catch (e) {
      for (const { msg } of this.queue.splice(0)) this.failTo(isId(msg.id) && typeof msg.method === 'string' ? msg.id : null, (e as Error).message);
    } finally {
      this.probing = false;
    }
  }

  private sessionFor(v: EraVerdict): EraSession {
    return v.era === 'modern' ? new ModernSession(this, v.version, v.discover) : new LegacySession(this);
  }

  /** Fails calls past their deadline; runs while any is under way. */
  private sweep(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = performance.now();
      for (const call of [...this.calls]) call.expire(now, this.timeoutMs);
      if (this.calls.size === 0 && this.sweeper) {
        clearInterval(this.sweeper);
        this.sweeper = null;
      }
    }, Math.min(1000, Math.max(50, this.timeoutMs / 4)));
    this.sweeper.unref();
  }
}

/** Who the probe says is asking: the client's own envelope, or the identity its initialize gives. */
function envelopeFor(first: Message): Envelope {
  const env = envelopeOf(first);
  if (env) return env;
  if (first.method === 'initialize') return envelopeFromInitialize(first.params);
  return { protocolVersion: MODERN_VERSIONS[0]!, clientInfo: GATEHOUSE_CLIENT, clientCapabilities: {} };
}
