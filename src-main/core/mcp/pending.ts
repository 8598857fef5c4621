// What is in flight between one client and one server: the client's requests awaiting
// the server's answer, and the server's requests awaiting the client's. The classifier
// reads both (an id still pending is refused; a response must answer a pending ask).
import type { Principal } from '../policy/enforcer';
import type { Use } from '../policy/policy';
import type { Exchange } from './classify';
import type { RequestSpec } from './methods';

export interface PendingRequest {
  method: string;
  spec: RequestSpec;
  uses: readonly Use[];
  start: number;
  principal: Principal;
  args: unknown;
}

/** The server may ask at most this many questions at once; older ones are forgotten. */
const MAX_SERVER_ASKS = 1024;

export class InFlight implements Exchange {
  /** Client requests by id key (see `idKey`). */
  readonly requests = new Map<string, PendingRequest>();
  /** Server requests by id key, with when they were asked. */
  private readonly asks = new Map<string, number>();

  clientPending(key: string): boolean {
    return this.requests.has(key);
  }

  serverPending(key: string): boolean {
    return this.asks.has(key);
  }

  asked(key: string, at: number): void {
    if (this.asks.size >= MAX_SERVER_ASKS) this.asks.delete(this.asks.keys().next().value!);
    this.asks.set(key, at);
  }

  answered(key: string): void {
    this.asks.delete(key);
  }

  /** Forgets the server's questions asked before `cutoff` (the client will never answer them now). */
  forgetAsksBefore(cutoff: number): void {
    for (const [key, at] of this.asks) if (at <= cutoff) this.asks.delete(key);
  }
}
