// Generated client messages as an attacker would shape them, for the property tests that
// throw them at a real guard and a real gateway in front of the recording server
// (test/fixtures/servers/recording.mjs). The key under test may use the tools echo and
// ask, the resources public://*, and the prompt greet; everything named "secret" is denied.
import fc from 'fast-check';
import type { Rule } from '../../src-preload/contract';

export const RULES: Rule[] = [
  { effect: 'allow', pattern: 'rec:echo' },
  { effect: 'allow', pattern: 'rec:ask' },
  { effect: 'allow', pattern: 'rec:resource:public://*' },
  { effect: 'allow', pattern: 'rec:prompt:greet' },
];

/** A judged method, spelled right or in a way a lenient server might still run. */
const spellings = (m: string) => [m, m.toUpperCase(), `${m} `, ` ${m}`, `${m}\u0000`, `${m}\n`, m[0]!.toUpperCase() + m.slice(1), m.replace('/', '//'), `${m}\t`];
const method = fc.constantFrom(
  ...spellings('tools/call'),
  ...spellings('resources/read'),
  ...spellings('prompts/get'),
  ...spellings('resources/subscribe'),
  'completion/complete',
  'tools/list',
  'resources/list',
  'resources/templates/list',
  'prompts/list',
  'notifications/cancelled',
  'notifications/made_up',
);

/** Params that name something denied, alone or hidden behind something allowed. */
const params = fc.constantFrom<unknown>(
  { name: 'secret' },
  { name: 'secret', arguments: {} },
  { uri: 'secret://x' },
  { uri: 'secret://x', name: 'secret' },
  { name: 'echo', Name: 'secret' },
  { NAME: 'secret' },
  { 'name\u0000': 'secret' },
  { uri: 'public://a', URI: 'secret://x' },
  { name: ['secret'] },
  { name: { toString: 'secret' } },
  ['secret'],
  'secret',
  { ref: { type: 'ref/prompt', name: 'secret' }, argument: { name: 'a', value: '' } },
  { ref: { type: 'ref/resource', uri: 'secret://{id}' }, argument: { name: 'id', value: '' } },
  { ref: { type: 'ref/prompt', name: 'greet', Name: 'secret' }, argument: { name: 'a', value: '' } },
  { ref: { type: 'REF/PROMPT', name: 'secret' }, argument: { name: 'a', value: '' } },
);

const absent = Symbol('absent');
const id = fc.oneof(
  fc.constant<unknown>(absent),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.double({ noNaN: true }),
  fc.constant(2 ** 60),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const jsonrpc = fc.oneof({ weight: 4, arbitrary: fc.constant<unknown>('2.0') }, fc.constantFrom<unknown>(absent, '1.0', 2, '2.0 ', null));
const extra = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Record<string, unknown>>({}) },
  fc.constantFrom<Record<string, unknown>>({ result: {} }, { error: { code: 1, message: 'x' } }, { Method: 'tools/call' }, { params2: {} }, { result: null, error: null }),
);

function shaped(parts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== absent));
}

/** One message object. */
export const oddMessage = fc.record({ jsonrpc, id, method, params, extra }).map(({ extra: more, ...m }) => ({ ...shaped(m), ...more }));

/** Raw lines the object form cannot express: repeated members, escaped names. */
export const oddLine = fc.integer({ min: 1, max: 1_000_000 }).chain((n) =>
  fc.constantFrom(
    `{"jsonrpc":"2.0","id":${n},"method":"tools/list","method":"tools/call","params":{"name":"secret"}}`,
    `{"jsonrpc":"2.0","id":${n},"method":"tools/call","params":{"name":"echo","name":"secret"}}`,
    `{"jsonrpc":"2.0","id":${n},"method":"tools/call","params":{"name":"echo","na\\u006de":"secret"}}`,
    `{"jsonrpc":"2.0","id":${n},"method":"tools/call","params":{"name":"secret"},"id":"x"}`,
    `{"jsonrpc":"2.0","id":${n},"method":"resources/read","params":{"uri":"public://a","uri":"secret://x"}}`,
    `{"jsonrpc":"2.0","method":"tools/call","params":{"name":"secret"}}`,
  ),
);

/** A list and a call sharing one id: the list's answer must still be filtered. */
export const sameIdPair = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.string({ minLength: 1, maxLength: 6 })), fc.constantFrom('tools/list', 'resources/list', 'resources/templates/list', 'prompts/list')).map(([i, list]) => [
  JSON.stringify({ jsonrpc: '2.0', id: i, method: list }),
  JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'echo', arguments: {} } }),
]);

/** A batch of lines to send together. */
export const oddBatch = fc
  .array(fc.oneof(oddMessage.map((m) => [JSON.stringify(m)]), oddLine.map((l) => [l]), sameIdPair), { minLength: 1, maxLength: 6 })
  .map((groups) => groups.flat());

/** Whether an answer the client got shows something denied: an unfiltered list. */
export function leaksDenied(answer: unknown): boolean {
  const result = (answer as { result?: Record<string, unknown> } | null)?.result;
  if (!result || typeof result !== 'object') return false;
  const lists = [result.tools, result.resources, result.resourceTemplates, result.prompts].filter(Array.isArray) as unknown[][];
  return lists.some((l) => JSON.stringify(l).includes('secret'));
}
