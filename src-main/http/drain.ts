// Graceful shutdown of the one HTTP server: stop accepting connections, let the calls in
// flight finish (bounded), and only then cut what is left. An open GET event stream of
// the gateway is not a call: it never ends by itself, so the drain does not wait for it.
// It stays open meanwhile (the server's messages about calls in flight travel on it)
// and is ended when the gateway's sessions close; the client then reconnects (to
// another replica, behind a load balancer).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** Every call finished within the time allowed. */
  drained: boolean;
  /** Calls still running when the time was up (their connections were cut). */
  cut: number;
}

interface Entry {
  req: IncomingMessage;
  res: ServerResponse;
}

export class InFlight {
  private readonly open = new Set<Entry>();
  private draining = false;
  private onChange: (() => void) | null = null;

  track(req: IncomingMessage, res: ServerResponse): void {
    const entry = { req, res };
    this.open.add(entry);
    // While draining, a finished response must not leave its connection open for another.
    if (this.draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      this.open.delete(entry);
      this.onChange?.();
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Calls in flight: open requests other than listen streams. */
  get calls(): number {
    let n = 0;
    for (const e of this.open) if (!isListenStream(e.req)) n++;
    return n;
  }

  async drain(server: Server, ms: number): Promise<DrainResult> {
    this.draining = true;
    // Refuses new connections; keep-alive connections with nothing in flight are closed.
    server.close();
    server.closeIdleConnections();
    const drained = await this.settled(server, ms);
    const cut = this.calls;
    if (!drained) server.closeAllConnections();
    return { drained, cut };
  }

  private settled(server: Server, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.onChange = null;
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), ms);
      this.onChange = () => {
        server.closeIdleConnections();
        if (this.calls === 0) done(true);
      };
      if (this.calls === 0) done(true);
    });
  }
}

/** The gateway's server-to-client stream: a GET that asks for an event stream. */
function isListenStream(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/event-stream');
}
