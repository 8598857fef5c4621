// Issue 11, build 2: fast-check throws generated message shapes at both enforcement points
// (a real guard process, and the real gateway of `gatehouse serve`) in front of a lenient
// recording server, and checks the one property that matters: nothing denied is ever run,
// and no answer shows the client something denied.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INIT, RawGuard } from './guard-harness';
import { leaksDenied, oddBatch, RULES } from './odd-messages';
import { deniedRuns, makeRecordingHome, type RecordingHome } from './recording-harness';
import { mcpHeaders, startServe, type Serving } from './serve-harness';

const RUNS = 40;
let home: RecordingHome;
let secret: string;

beforeAll(() => {
  home = makeRecordingHome(['rec']);
  home.core.exposure.set('rec', { exposed: true, acceptApiKeys: true });
  secret = home.newKey('property key', RULES).secret;
});
afterAll(() => home?.close());

describe('the guard, under generated message shapes', () => {
  let g: RawGuard;
  let sentinel = 0;

  beforeAll(async () => {
    g = new RawGuard(home, 'rec', [], secret);
    g.request(0, 'initialize', INIT);
    expect((await g.answer(0)).error).toBeUndefined();
  });
  afterAll(() => g?.stop());

  it('never lets a denied call reach the server, nor a denied name reach the client', async () => {
    await fc.assert(
      fc.asyncProperty(oddBatch, async (lines) => {
        g.write(lines.map((l) => `${l}\n`).join(''));
        const id = `sentinel-${++sentinel}`;
        g.request(id, 'tools/call', { name: 'echo', arguments: {} });
        expect((await g.answer(id)).error).toBeUndefined();
        const seen = g.answers.splice(0);
        expect(seen.filter(leaksDenied)).toEqual([]);
        expect(deniedRuns(home.executed('rec'))).toEqual([]);
        expect(g.alive).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the gateway, under generated message shapes', () => {
  let serve: Serving;
  let sessionId: string;
  let sentinel = 0;
  const url = () => `${serve.gatewayBase}rec`;

  const post = async (body: string) => {
    const r = await fetch(url(), { method: 'POST', headers: mcpHeaders(secret, sessionId), body, signal: AbortSignal.timeout(10_000) });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as unknown) : null };
  };

  beforeAll(async () => {
    serve = await startServe(home);
    const r = await fetch(url(), {
      method: 'POST',
      headers: mcpHeaders(secret),
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { ...INIT, protocolVersion: '2025-11-25' } }),
    });
    expect(r.status).toBe(200);
    sessionId = r.headers.get('mcp-session-id')!;
  });
  afterAll(() => serve?.stop());

  it('never lets a denied call reach the server, nor a denied name reach the client', async () => {
    await fc.assert(
      fc.asyncProperty(oddBatch, async (lines) => {
        const answers = await Promise.all(lines.map(post));
        for (const a of answers) {
          expect([200, 202, 400]).toContain(a.status);
          expect(leaksDenied(a.body)).toBe(false);
        }
        const done = await post(JSON.stringify({ jsonrpc: '2.0', id: `sentinel-${++sentinel}`, method: 'tools/call', params: { name: 'echo', arguments: {} } }));
        expect(done.status).toBe(200);
        expect(deniedRuns(home.executed('rec'))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
