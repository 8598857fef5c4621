// `subscriptions/listen` for a client of the 2025 era on a 2026-07-28 server: the 2025
// client expects list-changed notifications and resource updates to arrive on their own
// (on the GET stream); the 2026-07-28 server sends them only on a listen stream the client
// asks for. One stream is kept open for the session with what the server offers and the
// resources the client subscribed to; it is reopened when that set changes or it breaks.
import { withEnvelope, modernHeaders, type Envelope } from './era';
import type { Call } from './remote-call';
import { parseLine, type SessionContext } from './remote-session';

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
let serial = 0;

interface Filter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

export class ListenStream {
  private readonly uris = new Set<string>();
  private call: Call | null = null;
  private tries = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly ctx: SessionContext,
    private readonly capabilities: Record<string, unknown>,
    private readonly envelope: () => Envelope,
  ) {}

  subscribe(uri: string): void {
    if (this.uris.has(uri)) return;
    this.uris.add(uri);
    this.reopen();
  }

  unsubscribe(uri: string): void {
    if (this.uris.delete(uri)) this.reopen();
  }

  /** Opens the stream when the server offers something to listen to. */
  open(): void {
    if (this.closed || this.call) return;
    const filter = this.filter();
    if (Object.keys(filter).length === 0) return;
    const msg = withEnvelope({ jsonrpc: '2.0', id: `gatehouse-listen-${++serial}`, method: 'subscriptions/listen', params: { notifications: filter } }, this.envelope());
    this.call = this.ctx.post(
      { id: msg.id!, method: 'subscriptions/listen', body: Buffer.from(JSON.stringify(msg)), headers: modernHeaders(msg, this.envelope().protocolVersion), resume: null, deadline: Infinity },
      {
        other: (line) => this.notification(line),
        answer: () => undefined, // the server ended the subscription on purpose
        fail: (message) => this.ctx.log.warn(message, { event: 'upstream_listen_failed' }),
        done: () => this.ended(),
      },
    );
  }

  reopen(): void {
    const call = this.call;
    this.call = null;
    call?.abort();
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const call = this.call;
    this.call = null;
    call?.abort();
  }

  private filter(): Filter {
    const caps = this.capabilities as Record<string, { listChanged?: unknown; subscribe?: unknown } | undefined>;
    const f: Filter = {};
    if (caps.tools?.listChanged === true) f.toolsListChanged = true;
    if (caps.prompts?.listChanged === true) f.promptsListChanged = true;
    if (caps.resources?.listChanged === true) f.resourcesListChanged = true;
    if (this.uris.size > 0) f.resourceSubscriptions = [...this.uris];
    return f;
  }

  /** Notifications pass on; the acknowledgement is the 2026-07-28 client's business only. */
  private notification(line: Buffer): void {
    if (line.includes('notifications/subscriptions/acknowledged') && parseLine(line)?.method === 'notifications/subscriptions/acknowledged') {
      this.tries = 0;
      return;
    }
    this.ctx.on.line(line);
  }

  private ended(): void {
    if (this.closed || !this.call) return; // closed, or reopened on purpose
    this.call = null;
    if (this.tries >= RETRY_MS.length) return;
    this.timer = setTimeout(() => this.open(), RETRY_MS[this.tries++]);
    this.timer.unref();
  }
}
