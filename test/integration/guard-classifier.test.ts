// Issue 11, observation 5, through a real guard process in front of a lenient recording
// server: every message the classifier cannot place is refused (or, for a notification,
// dropped and audited) and never reaches the server; methods match exactly; a request
// whose id is still pending is refused; a response must answer a pending server request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { INIT, poll, RawGuard } from './guard-harness';
import { deniedRuns, makeRecordingHome, type RecordingHome } from './recording-harness';

let home: RecordingHome;
let secret: string;
const guards: RawGuard[] = [];
let sentinel = 0;

beforeAll(() => {
  home = makeRecordingHome(['rec']);
  secret = home.newKey('echo only', [
    { effect: 'allow', pattern: 'rec:echo' },
    { effect: 'allow', pattern: 'rec:ask' },
  ]).secret;
});

afterAll(async () => {
  await Promise.all(guards.map((g) => g.stop()));
  home?.close();
});

async function started(): Promise<RawGuard> {
  const g = new RawGuard(home, 'rec', [], secret);
  guards.push(g);
  g.request(0, 'initialize', INIT);
  expect((await g.answer(0)).error).toBeUndefined();
  g.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return g;
}

/** An allowed call after the odd ones: once it is answered, the server has read everything sent before it. */
async function settle(g: RawGuard): Promise<void> {
  const id = `sentinel-${++sentinel}`;
  g.request(id, 'tools/call', { name: 'echo', arguments: {} });
  expect((await g.answer(id)).error).toBeUndefined();
}

const denied = { name: 'secret', arguments: {} };

describe('guard: one classifier for every message', () => {
  it('refuses a denied tools/call whose id is null, true, an object, an array or a fraction, and the server never runs it', async () => {
    const g = await started();
    for (const id of [null, true, false, {}, { a: 1 }, [], [1], 1.5]) {
      g.send({ jsonrpc: '2.0', id, method: 'tools/call', params: denied });
    }
    await settle(g);
    const errors = g.answers.splice(0).filter((a) => a.id === null);
    expect(errors).toHaveLength(8);
    for (const e of errors) expect(e.error?.code).toBe(-32600);
    expect(errors[0]!.error!.message).toMatch(/id must be a string or an integer/);
    expect(deniedRuns(home.executed('rec'))).toEqual([]);
  });

  it('drops a tools/call sent as a notification, and any notification MCP does not define, with an audit row', async () => {
    const g = await started();
    g.send({ jsonrpc: '2.0', method: 'tools/call', params: denied });
    g.send({ jsonrpc: '2.0', method: 'notifications/made_up' });
    await settle(g);
    expect(g.answers).toEqual([]);
    expect(deniedRuns(home.executed('rec'))).toEqual([]);
    home.core.audit.flush();
    const rows = await poll(() => {
      const r = queryAudit(home.core.db, { server: 'rec', decision: 'denied', limit: 100 }).events.filter((e) => e.reason === 'unknown_notification');
      return r.length >= 2 ? r : undefined;
    }, 5000, 'two audit rows for the dropped notifications');
    expect(rows.map((r) => r.method).sort()).toEqual(['notifications/made_up', 'tools/call']);
  });

  it('refuses response-shaped and mixed messages instead of passing them', async () => {
    const g = await started();
    g.send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: denied, result: {} });
    g.send({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: denied, error: { code: 1, message: 'x' } });
    g.send({ jsonrpc: '2.0', id: 'srv-99', result: { name: 'secret' } }); // answers nothing the server asked
    g.send({ id: 10, method: 'tools/call', params: denied }); // no jsonrpc member
    g.send({ jsonrpc: '1.0', id: 11, method: 'tools/call', params: denied });
    await settle(g);
    expect(g.answers.splice(0).map((a) => a.error?.code)).toEqual([-32600, -32600, -32600, -32600, -32600]);
    expect(home.executed('rec').filter((e) => e.kind === 'response' || e.name.includes('secret'))).toEqual([]);
  });

  it('matches methods exactly: TOOLS/CALL and "tools/call " are unknown methods, refused with the request id', async () => {
    const g = await started();
    for (const [i, method] of ['TOOLS/CALL', 'tools/call ', ' tools/call', 'Tools/Call', 'tools/call\u0000', 'tools//call'].entries()) {
      g.send({ jsonrpc: '2.0', id: 100 + i, method, params: denied });
    }
    await settle(g);
    const answers = g.answers.splice(0);
    expect(answers.map((a) => a.id)).toEqual([100, 101, 102, 103, 104, 105]);
    for (const a of answers) expect(a.error?.code).toBe(-32601);
    expect(deniedRuns(home.executed('rec'))).toEqual([]);
  });

  it('refuses a request whose id is still pending: tools/list and tools/call with one id cannot leak the unfiltered list', async () => {
    const g = await started();
    g.write(
      JSON.stringify({ jsonrpc: '2.0', id: 50, method: 'tools/list' }) + '\n' + JSON.stringify({ jsonrpc: '2.0', id: 50, method: 'tools/call', params: { name: 'echo' } }) + '\n',
    );
    await g.until(() => g.answers.filter((a) => a.id === 50).length === 2, 10_000, 'both answers for id 50');
    const [first, second] = g.answers.splice(0);
    const refused = [first, second].find((a) => a!.error);
    const listed = [first, second].find((a) => a!.result);
    expect(refused!.error!.message).toMatch(/still waiting for its answer/);
    expect((listed!.result!.tools as { name: string }[]).map((t) => t.name).sort()).toEqual(['ask', 'echo']);
  });

  it('refuses a message with a repeated key (parsers disagree on which one counts)', async () => {
    const g = await started();
    g.write('{"jsonrpc":"2.0","id":60,"method":"tools/list","method":"tools/call","params":{"name":"secret"}}\n');
    g.write('{"jsonrpc":"2.0","id":61,"method":"tools/call","params":{"name":"echo","name":"secret"}}\n');
    await settle(g);
    const answers = g.answers.splice(0);
    expect(answers.map((a) => [a.id, a.error?.code])).toEqual([
      [60, -32600],
      [61, -32600],
    ]);
    expect(deniedRuns(home.executed('rec'))).toEqual([]);
  });

  it('passes the answer to a request the server made, once', async () => {
    const g = await started();
    g.request('ask-1', 'tools/call', { name: 'ask', arguments: {} });
    const asked = await poll(() => g.answers.find((a) => (a as { method?: string }).method === 'roots/list'), 10_000, 'the server request');
    const before = home.executed('rec').filter((e) => e.kind === 'response').length;
    g.send({ jsonrpc: '2.0', id: asked.id, result: { roots: [] } });
    g.send({ jsonrpc: '2.0', id: asked.id, result: { roots: [] } });
    await settle(g);
    const responses = home.executed('rec').filter((e) => e.kind === 'response');
    expect(responses.length - before).toBe(1);
    expect(g.answers.filter((a) => a.error).map((a) => a.error!.message)).toEqual([expect.stringMatching(/answers no request/)]);
  });
});
