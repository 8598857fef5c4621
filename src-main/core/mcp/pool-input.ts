// Requests of a 2025 stdio child (sampling, elicitation, roots) for the stateless clients
// that share it. A 2025 server asks its one client in the middle of a call; a 2026-07-28
// client is asked through the call's result instead (multi round-trip): the call is answered
// `resultType: "input_required"` with the child's request as an input request and an opaque
// `requestState`, while the child keeps waiting. The client sends the call again with its
// `inputResponses` and that `requestState`: the answer goes to the child as the answer to its
// request, and the call goes on under the retry's id (more input: another round). Over stdio
// a child's request does not say which call it belongs to, so it goes to the one call under
// way on that child whose client declared the capability it needs; none, or more than one,
// and the child gets an error that says so.
import { randomBytes } from 'node:crypto';
import { errorLine, type Id, type Message } from './jsonrpc';
import { resultLine } from './lines';

/** Where one request's messages go (server-pool.ts). */
export interface PoolSink {
  answer(line: Buffer): void;
  related(line: Buffer): void;
}

/** A call under way on a child, as this module sees it (the pool's pending entry). */
export interface Askable {
  key: string;
  /** The client's id; a retry's once resumed. */
  id: Id;
  method: string;
  /** The client's capabilities, from the request's envelope. */
  caps: Record<string, unknown>;
  /** Who sent it (a resumed call must come from the same principal). */
  owner?: string;
  /** params.name or params.uri. */
  name: unknown;
  sink: PoolSink;
}

interface Round {
  state: string;
  p: Askable;
  /** Input request key → the child's request id. */
  asks: Map<string, Id>;
  /** Requests the child made while the client had not answered yet: the next rounds. */
  queue: (Message & { id: Id; method: string })[];
  timer: NodeJS.Timeout | null;
}

/** The client capability each server request needs. */
const NEEDS: Record<string, string> = { 'sampling/createMessage': 'sampling', 'elicitation/create': 'elicitation', 'roots/list': 'roots' };
/** The requests a server may ask for input during (the 2026-07-28 multi round-trip methods). */
const ASKING = new Set(['tools/call', 'prompts/get', 'resources/read']);
const STATE_PREFIX = 'gatehouse-input-';
const NOWHERE: PoolSink = { answer: () => undefined, related: () => undefined };
const METHOD_NOT_FOUND = -32601;

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
const line = (m: unknown) => Buffer.from(JSON.stringify(m) + '\n', 'utf8');

export interface PoolAsksDeps {
  /** A line to the child that runs call `p`. */
  toChild(p: Askable, line: Buffer): void;
  /** How long a client has to come back with its answers. */
  timeoutMs: number;
}

let serial = 0;

export class PoolAsks {
  private readonly byState = new Map<string, Round>();
  private readonly byKey = new Map<string, Round>();

  constructor(private readonly d: PoolAsksDeps) {}

  /** A request of a child's own; `calls` are the calls under way on that child. `reply` answers the child. */
  ask(calls: Askable[], msg: Message & { id: Id; method: string }, reply: (line: Buffer) => void): void {
    const need = Object.hasOwn(NEEDS, msg.method) ? NEEDS[msg.method]! : null;
    if (!need) return reply(errorLine(msg.id, METHOD_NOT_FOUND, `Gatehouse: ${msg.method} cannot be passed to a stateless client`));
    const asking = calls.filter((p) => ASKING.has(p.method));
    const able = asking.filter((p) => isObject(p.caps[need]));
    if (able.length !== 1) return reply(errorLine(msg.id, METHOD_NOT_FOUND, refusal(need, asking.length, able.length)));
    const p = able[0]!;
    const round = this.byKey.get(p.key);
    if (round && round.asks.size > 0) return void round.queue.push(msg);
    this.park(p, msg, round);
  }

  /**
   * A client's request that carries a `requestState` of Gatehouse's: the call it resumes
   * (its answers sent to the child), a refusal, or null when the request resumes nothing of ours.
   */
  resume(msg: Message & { id: Id; method: string }, sink: PoolSink, owner?: string): Askable | string | null {
    const state = msg.params?.requestState;
    if (typeof state !== 'string' || !state.startsWith(STATE_PREFIX)) return null;
    const round = this.byState.get(state);
    if (!round) return 'Gatehouse: this requestState is unknown or expired (the server gave up waiting); send the request again without it';
    const p = round.p;
    const name = msg.params?.[msg.method === 'resources/read' ? 'uri' : 'name'];
    if (p.owner !== owner || p.method !== msg.method || p.name !== name) return 'Gatehouse: this requestState belongs to another request';
    this.byState.delete(state);
    if (round.timer) clearTimeout(round.timer);
    p.id = msg.id;
    p.sink = sink;
    const responses = isObject(msg.params?.inputResponses) ? (msg.params!.inputResponses as Record<string, unknown>) : {};
    for (const [k, id] of round.asks) {
      const answer = Object.hasOwn(responses, k) ? responses[k] : undefined;
      this.d.toChild(p, answer !== undefined ? resultLine(id, answer) : errorLine(id, -32603, 'Gatehouse: the client sent no answer to this request'));
    }
    round.asks.clear();
    const next = round.queue.shift();
    if (next) this.park(p, next, round);
    else this.byKey.delete(p.key);
    return p;
  }

  /** The call ended (answered, cancelled, its child gone): its round is forgotten. */
  forget(key: string): void {
    const round = this.byKey.get(key);
    if (!round) return;
    this.byKey.delete(key);
    this.byState.delete(round.state);
    if (round.timer) clearTimeout(round.timer);
  }

  /** Answers the call with the child's request as an input request; the child waits for the retry. */
  private park(p: Askable, msg: Message & { id: Id; method: string }, previous?: Round): void {
    const state = STATE_PREFIX + randomBytes(18).toString('base64url');
    const round: Round = previous ?? { state, p, asks: new Map(), queue: [], timer: null };
    round.state = state;
    const key = `input-${++serial}`;
    round.asks.set(key, msg.id);
    this.byState.set(state, round);
    this.byKey.set(p.key, round);
    const result = { resultType: 'input_required', inputRequests: { [key]: { method: msg.method, params: msg.params ?? {} } }, requestState: state };
    const sink = p.sink;
    p.sink = NOWHERE;
    sink.answer(line({ jsonrpc: '2.0', id: p.id, result }));
    round.timer = setTimeout(() => this.expire(round), this.d.timeoutMs).unref();
  }

  /** The client never came back: the child's requests get an error (its call then ends as it decides). */
  private expire(round: Round): void {
    this.byState.delete(round.state);
    for (const id of round.asks.values()) this.d.toChild(round.p, errorLine(id, -32603, 'Gatehouse: the client did not answer in time'));
    for (const m of round.queue) this.d.toChild(round.p, errorLine(m.id, -32603, 'Gatehouse: the client did not answer in time'));
    round.asks.clear();
    round.queue = [];
    this.byKey.delete(round.p.key);
  }
}

function refusal(need: string, asking: number, able: number): string {
  if (asking === 0) return `Gatehouse: no call under way on this process can be asked for ${need}`;
  if (able === 0) return `Gatehouse: the client did not declare the ${need} capability`;
  return `Gatehouse: ${able} calls under way on this process could be asking for ${need}; which one cannot be told`;
}
