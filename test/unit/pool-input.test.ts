// Input requests for stateless clients on behalf of a 2025 stdio child (core/mcp/pool-input.ts):
// which call a child's request belongs to, the rounds, and every way a round is refused or ends.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src-main/core/mcp/jsonrpc';
import { PoolAsks, type Askable } from '../../src-main/core/mcp/pool-input';

const parse = (b: Buffer) => JSON.parse(b.toString('utf8')) as Message & { result?: Record<string, unknown>; error?: { code: number; message: string } };

function setup(timeoutMs = 10_000) {
  const toChild: Message[] = [];
  let childHeard: (() => void) | null = null;
  const asks = new PoolAsks({
    timeoutMs,
    toChild: (_p, line) => {
      toChild.push(parse(line));
      childHeard?.();
    },
  });
  const heard = () => new Promise<void>((r) => (childHeard = r));
  return { asks, toChild, heard };
}

function call(key: string, caps: Record<string, unknown> = { sampling: {}, elicitation: {} }, owner = 'api_key:k1'): Askable & { answers: Message[] } {
  const answers: Message[] = [];
  return { key, id: 1, method: 'tools/call', name: 'tool', caps, owner, answers, sink: { answer: (l) => answers.push(parse(l)), related: () => undefined } };
}

const SAMPLE = { jsonrpc: '2.0', id: 50, method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } };
const sink = (into: Message[]) => ({ answer: (l: Buffer) => into.push(parse(l)), related: () => undefined });

function retry(state: string, responses: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'tool', arguments: {}, requestState: state, inputResponses: responses, ...extra } };
}

describe('input requests for stateless clients', () => {
  it('answers the one call with input_required, and sends the client answer to the child on its retry', () => {
    const { asks, toChild } = setup();
    const c = call('gh-1');
    const replies: Buffer[] = [];
    asks.ask([c], SAMPLE, (l) => replies.push(l));
    expect(replies).toEqual([]);
    const result = c.answers[0]!.result as { resultType: string; requestState: string; inputRequests: Record<string, { method: string }> };
    expect(result.resultType).toBe('input_required');
    const [k, ask] = Object.entries(result.inputRequests)[0]!;
    expect(ask.method).toBe('sampling/createMessage');
    const later: Message[] = [];
    const resumed = asks.resume(retry(result.requestState, { [k]: { role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' } }), sink(later), 'api_key:k1');
    expect(resumed).toBe(c);
    expect(c.id).toBe(2);
    expect(toChild).toEqual([{ jsonrpc: '2.0', id: 50, result: { role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' } }]);
    // The state was for one retry only.
    expect(asks.resume(retry(result.requestState, {}), sink([]), 'api_key:k1')).toMatch(/unknown or expired/);
  });

  it('asks a second request of the child in the next round, and tells the child when the client gave no answer to one', () => {
    const { asks, toChild } = setup();
    const c = call('gh-2');
    asks.ask([c], SAMPLE, () => undefined);
    asks.ask([c], { ...SAMPLE, id: 51, method: 'elicitation/create', params: { message: 'sure?' } }, () => undefined);
    const first = c.answers[0]!.result as { requestState: string };
    expect(c.answers).toHaveLength(1);
    const later: Message[] = [];
    asks.resume(retry(first.requestState, {}), sink(later), 'api_key:k1');
    expect(toChild[0]).toMatchObject({ id: 50, error: { message: expect.stringMatching(/no answer/) } });
    expect(later[0]!.result).toMatchObject({ resultType: 'input_required', inputRequests: expect.any(Object) });
    expect(JSON.stringify(later[0]!.result)).toContain('elicitation/create');
  });

  it('refuses a retry from another principal, or for another tool, and one with a state it never gave', () => {
    const { asks } = setup();
    const c = call('gh-3');
    asks.ask([c], SAMPLE, () => undefined);
    const state = (c.answers[0]!.result as { requestState: string }).requestState;
    expect(asks.resume(retry(state, {}), sink([]), 'api_key:other')).toMatch(/belongs to another request/);
    expect(asks.resume({ ...retry(state, {}), params: { name: 'other', requestState: state } }, sink([]), 'api_key:k1')).toMatch(/belongs to another request/);
    expect(asks.resume(retry('gatehouse-input-made-up', {}), sink([]), 'api_key:k1')).toMatch(/unknown or expired/);
    // A requestState that is not Gatehouse's (a 2026-07-28 server's own) is none of this module's business.
    expect(asks.resume(retry('server-state', {}), sink([]), 'api_key:k1')).toBeNull();
  });

  it('answers the child with an error when no call can take its request, or several could', () => {
    const { asks } = setup();
    const replies: Message[] = [];
    const reply = (l: Buffer) => replies.push(parse(l));
    asks.ask([], SAMPLE, reply);
    asks.ask([call('gh-4', {})], SAMPLE, reply);
    asks.ask([call('gh-5'), call('gh-6')], SAMPLE, reply);
    asks.ask([call('gh-7')], { ...SAMPLE, method: 'roots/list' }, reply);
    asks.ask([call('gh-8')], { ...SAMPLE, method: 'something/else' }, reply);
    expect(replies.map((r) => (r.error as { message: string }).message)).toEqual([
      expect.stringMatching(/no call under way on this process can be asked for sampling/),
      expect.stringMatching(/the client did not declare the sampling capability/),
      expect.stringMatching(/2 calls under way on this process could be asking for sampling; which one cannot be told/),
      expect.stringMatching(/did not declare the roots capability/),
      expect.stringMatching(/something\/else cannot be passed to a stateless client/),
    ]);
  });

  it('tells the child when the client does not come back in time, and forgets the state', async () => {
    const { asks, toChild, heard } = setup(30);
    const c = call('gh-9');
    const told = heard();
    asks.ask([c], SAMPLE, () => undefined);
    const state = (c.answers[0]!.result as { requestState: string }).requestState;
    await told;
    expect(toChild[0]).toMatchObject({ id: 50, error: { message: expect.stringMatching(/did not answer in time/) } });
    expect(asks.resume(retry(state, {}), sink([]), 'api_key:k1')).toMatch(/unknown or expired/);
  });
});
