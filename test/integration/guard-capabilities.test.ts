// Issue 11, observation 1, through a real guard in front of the real server-everything:
// rules govern resources (by URI) and prompts (by name), their templates, subscriptions
// and completions, not tools alone. A key allowed one tool gets nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { EVERYTHING, INIT, makeHome, poll, RawGuard, type Answer, type TestHome } from './guard-harness';

const STATIC = 'demo://resource/static/document/';
const DYNAMIC_TEMPLATE = 'demo://resource/dynamic/text/{resourceId}';

let home: TestHome;
const guards: RawGuard[] = [];
let next = 0;

beforeAll(() => {
  home = makeHome([{ name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'] }]);
});
afterAll(async () => {
  await Promise.all(guards.map((g) => g.stop()));
  home?.close();
});

async function guardFor(rules: { effect: 'allow' | 'deny'; pattern: string }[]): Promise<RawGuard> {
  const g = new RawGuard(home, 'everything', [], home.newKey(`key ${guards.length}`, rules).secret);
  guards.push(g);
  g.request(0, 'initialize', { ...INIT, protocolVersion: '2025-11-25' });
  expect((await g.answer(0)).error).toBeUndefined();
  g.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return g;
}

async function ask(g: RawGuard, method: string, params: Record<string, unknown> = {}): Promise<Answer> {
  const id = `c${++next}`;
  g.request(id, method, params);
  return g.answer(id);
}

const names = (a: Answer, field: string, key: string) => ((a.result?.[field] ?? []) as Record<string, string>[]).map((x) => x[key]!);
const promptRef = (name: string) => ({ ref: { type: 'ref/prompt', name }, argument: { name: 'department', value: 'E' } });
const resourceRef = (uri: string) => ({ ref: { type: 'ref/resource', uri }, argument: { name: 'resourceId', value: '1' } });

describe('guard: policy over every capability', () => {
  it('a key allowed only everything:echo reads no resource, gets no prompt, completes nothing and sees empty lists', async () => {
    const g = await guardFor([{ effect: 'allow', pattern: 'everything:echo' }]);
    expect((await ask(g, 'tools/call', { name: 'echo', arguments: { message: 'hi' } })).error).toBeUndefined();
    for (const [method, params] of [
      ['resources/read', { uri: `${STATIC}architecture.md` }],
      ['resources/subscribe', { uri: `${STATIC}architecture.md` }],
      ['prompts/get', { name: 'simple-prompt' }],
      ['completion/complete', promptRef('completable-prompt')],
      ['completion/complete', resourceRef(DYNAMIC_TEMPLATE)],
    ] as const) {
      const a = await ask(g, method, params);
      expect(a.error, method).toMatchObject({ code: -32003, message: expect.stringMatching(/^Gatehouse: no rule allows (resource|prompt) /) });
    }
    expect(names(await ask(g, 'resources/list'), 'resources', 'uri')).toEqual([]);
    expect(names(await ask(g, 'resources/templates/list'), 'resourceTemplates', 'uriTemplate')).toEqual([]);
    expect(names(await ask(g, 'prompts/list'), 'prompts', 'name')).toEqual([]);
  });

  it('resource rules match URIs (and URI templates) by glob; prompt rules match names; deny beats allow', async () => {
    const g = await guardFor([
      { effect: 'allow', pattern: 'everything:echo' },
      { effect: 'allow', pattern: `everything:resource:${STATIC}*` },
      { effect: 'deny', pattern: 'everything:resource:*/structure.md' },
      { effect: 'allow', pattern: 'everything:resource:demo://resource/dynamic/text/*' },
      { effect: 'allow', pattern: 'everything:prompt:simple-prompt' },
    ]);
    const listed = names(await ask(g, 'resources/list'), 'resources', 'uri');
    expect(listed).toContain(`${STATIC}architecture.md`);
    expect(listed).not.toContain(`${STATIC}structure.md`);
    expect(listed.every((u) => u.startsWith(STATIC))).toBe(true);
    expect(names(await ask(g, 'resources/templates/list'), 'resourceTemplates', 'uriTemplate')).toEqual([DYNAMIC_TEMPLATE]);
    expect(names(await ask(g, 'prompts/list'), 'prompts', 'name')).toEqual(['simple-prompt']);

    const read = await ask(g, 'resources/read', { uri: `${STATIC}architecture.md` });
    expect(JSON.stringify(read.result)).toContain('architecture');
    expect((await ask(g, 'resources/read', { uri: `${STATIC}structure.md` })).error?.message).toBe(
      `Gatehouse: resource ${STATIC}structure.md of server everything is denied by the rule everything:resource:*/structure.md`,
    );
    expect((await ask(g, 'resources/read', { uri: 'demo://resource/dynamic/text/1' })).error).toBeUndefined();
    expect((await ask(g, 'resources/read', { uri: 'demo://resource/dynamic/blob/1' })).error?.code).toBe(-32003);
    expect((await ask(g, 'completion/complete', resourceRef(DYNAMIC_TEMPLATE))).error).toBeUndefined();
    expect((await ask(g, 'prompts/get', { name: 'simple-prompt' })).error).toBeUndefined();
    expect((await ask(g, 'prompts/get', { name: 'args-prompt', arguments: { city: 'x' } })).error?.code).toBe(-32003);
    expect((await ask(g, 'resources/subscribe', { uri: `${STATIC}features.md` })).error).toBeUndefined();
    expect((await ask(g, 'resources/subscribe', { uri: `${STATIC}structure.md` })).error?.code).toBe(-32003);
    // A tool rule is no resource rule: prompts and resources named like the tool stay closed.
    expect((await ask(g, 'prompts/get', { name: 'echo' })).error?.code).toBe(-32003);
  });

  it('audits every judged read, get and completion with what it named', async () => {
    const g = await guardFor([{ effect: 'allow', pattern: 'everything:echo' }, { effect: 'allow', pattern: 'everything:prompt:*' }]);
    await ask(g, 'resources/read', { uri: `${STATIC}startup.md` });
    await ask(g, 'prompts/get', { name: 'simple-prompt' });
    home.core.audit.flush();
    const rows = await poll(() => {
      const r = queryAudit(home.core.db, { server: 'everything', limit: 200 }).events.filter((e) => e.method === 'resources/read' || e.method === 'prompts/get');
      return r.some((e) => e.tool === `${STATIC}startup.md`) && r.some((e) => e.tool === 'simple-prompt' && e.decision === 'allowed') ? r : undefined;
    }, 5000, 'audit rows naming the resource and the prompt');
    expect(rows.find((e) => e.tool === `${STATIC}startup.md`)).toMatchObject({ decision: 'denied', reason: 'no_allow_rule', actor: 'guard' });
  });
});
