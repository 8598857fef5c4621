// Multi round-trip requests for a client of the 2025 era. A 2026-07-28 server that needs
// input (elicitation, sampling, roots) answers tools/call, prompts/get or resources/read
// with `resultType: "input_required"` and the requests it needs answered. A 2025 client
// knows only server-initiated requests, so each input request goes to it as one; its
// answers are gathered and the original request is sent again with `inputResponses` (and
// the server's `requestState`) under a new id; the final answer goes back under the
// client's own id.
import { idKey, isId, type Id, type Message } from './jsonrpc';
import { ERR, errorLine } from './jsonrpc';
import { parseLine } from './lines';

/** A retried request under way (an HTTP call, or a request written to a stdio server). */
export interface Retried {
  abort(): void;
}

/** Rounds of input one request may ask for before it is given up. */
const MAX_ROUNDS = 8;

interface Round {
  /** The client's request, as first sent upstream (with its envelope), and its own id. */
  request: Message;
  clientId: Id;
  rounds: number;
  waiting: Map<string, string>; // server-request id key → input key
  responses: Record<string, unknown>;
  requestState: unknown;
  call: Retried | null;
}

export interface InputDeps {
  /** A line for the client. */
  toClient(line: Buffer): void;
  /** Sends the request again; its answer comes back through `answered`. */
  retry(request: Message, clientId: Id, round: Round): Retried;
}

let serial = 0;

export class InputRounds {
  private readonly byServerRequest = new Map<string, Round>();
  private readonly byClient = new Map<string, Round>();

  constructor(private readonly d: InputDeps) {}

  /** Whether an answer line asks for input (checked cheaply before it is parsed). */
  static asks(line: Buffer): boolean {
    return line.includes('"input_required"');
  }

  /** An input_required answer to the client's request `clientId`: its input requests go to the client. */
  start(request: Message, clientId: Id, line: Buffer, previous?: Round): void {
    const result = parseLine(line)?.result as { resultType?: unknown; inputRequests?: unknown; requestState?: unknown } | undefined;
    if (result?.resultType !== 'input_required') return this.d.toClient(withId(line, clientId));
    const round: Round = previous ?? { request, clientId, rounds: 0, waiting: new Map(), responses: {}, requestState: undefined, call: null };
    round.rounds++;
    round.responses = {};
    round.requestState = result.requestState;
    if (round.rounds > MAX_ROUNDS) return this.give(round, `the server asked for input ${MAX_ROUNDS} times without answering`);
    this.byClient.set(idKey(clientId), round);
    const asks = Object.entries((result.inputRequests ?? {}) as Record<string, { method?: unknown; params?: unknown }>);
    for (const [key, ask] of asks) {
      const id = `gatehouse-input-${++serial}`;
      round.waiting.set(idKey(id), key);
      this.byServerRequest.set(idKey(id), round);
      this.d.toClient(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id, method: ask?.method, params: ask?.params ?? {} }) + '\n', 'utf8'));
    }
    if (asks.length === 0) this.again(round);
  }

  /** The client's answer to one of the requests sent for a round; false when it answers none of them. */
  response(msg: Message): boolean {
    if (!isId(msg.id)) return false;
    const key = idKey(msg.id);
    const round = this.byServerRequest.get(key);
    if (!round) return false;
    this.byServerRequest.delete(key);
    const inputKey = round.waiting.get(key)!;
    round.waiting.delete(key);
    if (msg.error !== undefined) {
      const e = msg.error as { message?: unknown };
      return this.give(round, `the client did not give the input the server asked for (${typeof e?.message === 'string' ? e.message : 'an error'})`), true;
    }
    round.responses[inputKey] = msg.result;
    if (round.waiting.size === 0) this.again(round);
    return true;
  }

  /** The client cancelled its request: its round ends, nothing more is sent for it. */
  cancel(clientId: Id): void {
    const round = this.byClient.get(idKey(clientId));
    if (!round) return;
    round.call?.abort();
    this.forget(round);
  }

  /** The answer to a retried request: the final result, or another round. */
  answered(round: Round, line: Buffer): void {
    round.call = null;
    if (InputRounds.asks(line)) return this.start(round.request, round.clientId, line, round);
    this.forget(round);
    this.d.toClient(withId(line, round.clientId));
  }

  failed(round: Round, message: string): void {
    this.give(round, message);
  }

  close(): void {
    for (const round of this.byClient.values()) round.call?.abort();
    this.byClient.clear();
    this.byServerRequest.clear();
  }

  private again(round: Round): void {
    const params = { ...(round.request.params ?? {}), inputResponses: round.responses };
    if (round.requestState !== undefined) (params as Record<string, unknown>).requestState = round.requestState;
    else delete (params as Record<string, unknown>).requestState;
    const retry: Message = { jsonrpc: '2.0', id: `gatehouse-retry-${++serial}`, method: round.request.method, params };
    round.call = this.d.retry(retry, round.clientId, round);
  }

  private give(round: Round, message: string): void {
    this.forget(round);
    this.d.toClient(errorLine(round.clientId, ERR.UPSTREAM, `Gatehouse: ${message}`));
  }

  private forget(round: Round): void {
    this.byClient.delete(idKey(round.clientId));
    for (const k of round.waiting.keys()) this.byServerRequest.delete(k);
    round.waiting.clear();
  }
}

export type { Round };

/** The line with the client's id in place of the one Gatehouse used upstream. */
export function withId(line: Buffer, id: Id): Buffer {
  const m = parseLine(line);
  if (!m || m.id === id) return line;
  return Buffer.from(JSON.stringify({ ...m, id }) + '\n', 'utf8');
}
